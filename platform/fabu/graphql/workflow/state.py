"""Reading a release's workflow state into its GraphQL type."""

from __future__ import annotations

import json
from uuid import UUID

from strawberry import relay

from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.graphql.workflow.types import (
    EventType,
    OpinionType,
    ProofreadCorrectionType,
    RouteStageType,
    TaskType,
    WorkflowStateType,
)
from fabu.workflow.definition import Route
from fabu.workflow.errors import WorkflowErrorCode
from fabu.workflow.proofreading import CORRECTED_EVENT


async def workflow_state(release_id: UUID) -> WorkflowStateType | None:
    instance = await DB.fetchrow("select * from workflow_instances where release_id = $1", release_id)
    if instance is None:
        return None
    route = Route.model_validate(json.loads(instance["route"]))
    stage = route.stage(instance["stage_key"])
    tasks = await DB.fetch(
        "select * from workflow_tasks where release_id = $1 and status in ('open', 'waiting') order by stage_key, position, created_at",
        release_id,
    )
    opinions = await DB.fetch("select * from opinions where release_id = $1 order by created_at", release_id)
    events = await DB.fetch("select * from workflow_events where release_id = $1 order by created_at", release_id)
    return WorkflowStateType(
        release_id=relay.GlobalID("Release", str(release_id)),
        stage=stage.key,
        stage_name=f"{stage.name} / {stage.name_en}",
        status=instance["status"],
        round=instance["round"],
        lock_version=instance["lock_version"],
        template_version=route.template_version,
        route=[
            RouteStageType(
                key=s.key, name=s.name, name_en=s.name_en, kind=s.kind.value, applies=f"{s.applies_zh} / {s.applies_en}",
                actors=[" / ".join(actor.describe()) for actor in s.actors],
            )
            for s in route.stages
        ],
        skipped=[f"{s.name}: {s.reason_zh} / {s.reason_en}" for s in route.skipped],
        tasks=[TaskType.from_row(row) for row in tasks],
        opinions=[OpinionType.from_row(row) for row in opinions],
        corrections=[ProofreadCorrectionType.from_event(row) for row in events if row["kind"] == CORRECTED_EVENT],
        events=[EventType.from_row(row) for row in events],
    )


async def required_state(release_id: UUID) -> WorkflowStateType:
    state = await workflow_state(release_id)
    if state is None:
        raise FabuError(WorkflowErrorCode.ILLEGAL_TRANSITION, "稿件尚未提交", "the release has not been submitted", field="releaseId")
    return state
