"""GraphQL types of the workflow: a release's position, tasks, opinions, events, and the documents."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.graphql.releases.diff_type import ReleaseDiff
from fabu.graphql.tenancy.dataloaders import PersonByIdLoader
from fabu.graphql.tenancy.types import PersonType
from fabu.releases.diff import diff_versions
from fabu.workflow.decisions import Decision

DecisionEnum = strawberry.enum(Decision, name="Decision", description="审批决定 / a decision")


@strawberry.type(name="WorkflowTask", description="待办 / a piece of work waiting for someone")
class TaskType:
    id: strawberry.ID
    release_id: relay.GlobalID
    release_title: str
    stage: str
    kind: str
    status: str
    due_at: datetime | None
    assignee_role: str | None
    assignee_uuid: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TaskType:
        return cls(
            id=strawberry.ID(str(row["id"])), release_id=relay.GlobalID("Release", str(row["release_id"])),
            release_title=row.get("release_title", ""), stage=row["stage_key"], kind=row["kind"], status=row["status"],
            due_at=row["due_at"], assignee_role=row["assignee_role"], assignee_uuid=row["assignee_person_id"],
        )

    @strawberry.field(description="指定办理人 / the person assigned, when it is a person rather than a role")
    async def assignee(self, info: Info) -> PersonType | None:
        if self.assignee_uuid is None:
            return None
        row = await loader(info, PersonByIdLoader).load(self.assignee_uuid)
        return PersonType.from_row(row) if row else None


@strawberry.type(name="Opinion", description="审批意见，绑定所审版本的 SHA-256 / an opinion, bound to the version judged")
class OpinionType:
    stage: str
    decision: DecisionEnum  # type: ignore[valid-type]
    opinion: str
    version_number: int
    version_sha256: str
    created_at: datetime
    voided: bool
    void_reason: str | None
    overrides: strawberry.scalars.JSON = strawberry.field(
        description="审核人以理由放行的检查发现 / check findings the decider let pass, each with its reason"
    )
    decided_by_uuid: strawberry.Private[UUID]
    on_behalf_of_uuid: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> OpinionType:
        return cls(
            stage=row["stage_key"], decision=Decision(row["decision"]), opinion=row["opinion"],
            version_number=row["version_number"], version_sha256=row["version_sha256"], created_at=row["created_at"],
            voided=row["voided_at"] is not None, void_reason=row["void_reason"],
            overrides=json.loads(row["overrides"]) if isinstance(row["overrides"], str) else row["overrides"],
            decided_by_uuid=row["decided_by_person_id"], on_behalf_of_uuid=row["on_behalf_of_person_id"],
        )

    @strawberry.field
    async def decided_by(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.decided_by_uuid)
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field(description="代理时的被代理人 / the principal, when decided by a deputy")
    async def on_behalf_of(self, info: Info) -> PersonType | None:
        if self.on_behalf_of_uuid is None:
            return None
        row = await loader(info, PersonByIdLoader).load(self.on_behalf_of_uuid)
        return PersonType.from_row(row) if row else None


@strawberry.type(name="WorkflowEvent")
class EventType:
    kind: str
    from_stage: str | None
    to_stage: str | None
    created_at: datetime
    detail: strawberry.scalars.JSON

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EventType:
        detail = json.loads(row["detail"]) if isinstance(row["detail"], str) else row["detail"]
        return cls(kind=row["kind"], from_stage=row["from_stage"], to_stage=row["to_stage"], created_at=row["created_at"], detail=detail)


@strawberry.type(
    name="ProofreadCorrection",
    description="发布前校对时的更正，附于审批意见旁；已有审定继续有效 / a correction made at the proofread stage; approvals stand",
)
class ProofreadCorrectionType:
    from_version: int = strawberry.field(description="被更正的版本号 / the version corrected")
    to_version: int = strawberry.field(description="更正后的版本号 / the version the correction made")
    changed_characters: int = strawberry.field(description="改动字数（删除加插入）/ characters deleted plus inserted")
    limit: int = strawberry.field(description="本环节各次更正合计允许的改动字数 / the stage's bound for all corrections together")
    approved_version: int | None = strawberry.field(
        description="各次更正所依据的审定版本号 / the approved version the corrections started from"
    )
    changed_since_approved: int | None = strawberry.field(
        description="自审定版本起的改动字数（含此前的更正）/ characters changed since the approved version, earlier corrections included"
    )
    note: str
    created_at: datetime
    release_uuid: strawberry.Private[UUID]
    corrected_by_uuid: strawberry.Private[UUID]

    @classmethod
    def from_event(cls, row: dict[str, Any]) -> ProofreadCorrectionType:
        detail = json.loads(row["detail"]) if isinstance(row["detail"], str) else row["detail"]
        return cls(
            from_version=detail["from_version"], to_version=detail["to_version"],
            changed_characters=detail["changed_characters"], limit=detail["limit"], note=detail["note"],
            approved_version=detail.get("approved_version"), changed_since_approved=detail.get("changed_since_approved"),
            created_at=row["created_at"], release_uuid=row["release_id"], corrected_by_uuid=row["actor_person_id"],
        )  # fmt: skip

    @strawberry.field(description="校对人 / who corrected it")
    async def corrected_by(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.corrected_by_uuid)
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field(description="更正前后的差异 / what the correction changed")
    async def diff(self) -> ReleaseDiff:
        return ReleaseDiff.from_diff(await diff_versions(self.release_uuid, self.from_version, self.to_version))


@strawberry.type(name="RouteStage", description="稿件将经过的环节 / a stage on the release's route")
class RouteStageType:
    key: str
    name: str
    name_en: str
    kind: str
    applies: str
    actors: list[str]


@strawberry.type(name="WorkflowState", description="稿件在流程中的位置 / where a release is in its workflow")
class WorkflowStateType:
    release_id: relay.GlobalID
    stage: str
    stage_name: str
    status: str
    round: int
    lock_version: int
    template_version: int
    route: list[RouteStageType]
    skipped: list[str]
    tasks: list[TaskType]
    opinions: list[OpinionType]
    corrections: list[ProofreadCorrectionType] = strawberry.field(
        description="发布前校对的更正及其差异 / proofreading corrections, each with its diff"
    )
    events: list[EventType]
