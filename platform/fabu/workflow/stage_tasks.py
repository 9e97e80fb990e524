"""The tasks of a stage: opened when a release enters it, one approving level after another, closed on leaving.

Each open task notifies the people who may act on it (``fabu.workflow.notify``); the caller's
transaction holds the tasks and their notifications together with the transition.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.workflow.actors import Assignee, assignees, people_for
from fabu.workflow.decisions import TaskKind
from fabu.workflow.definition import ActingMode, RouteStage
from fabu.workflow.notify import notify
from fabu.workflow.release_view import ReleaseView


async def open_stage_tasks(tenant_id: UUID, release: ReleaseView, round_: int, stage: RouteStage) -> None:
    due = datetime.now(UTC) + stage.deadline.within if stage.deadline else None
    if stage.mode is ActingMode.SUBMIT:
        for spec in stage.actors:
            for assignee in await assignees(spec, release.placement):
                await create_task(tenant_id, release, round_, stage, TaskKind.SUBMIT, assignee, None)
    elif stage.mode in (ActingMode.ANY_ONE, ActingMode.PROOFREAD):
        kind = TaskKind.PROOFREAD if stage.mode is ActingMode.PROOFREAD else TaskKind.REVIEW
        for spec in stage.actors:
            for assignee in await assignees(spec, release.placement):
                await create_task(tenant_id, release, round_, stage, kind, assignee, due)
    elif stage.mode is ActingMode.COUNTERSIGN:
        plan = stage.countersign
        assert plan is not None
        if not release.placement.co:
            # Countersign applies (e.g. the release is sensitive) but no department was named:
            # the lead department consolidates alone and may still escalate to the arbiter.
            for assignee in await assignees(plan.consolidator, release.placement):
                await create_task(tenant_id, release, round_, stage, TaskKind.CONSOLIDATE, assignee, due)
        for department in release.placement.co:
            for assignee in await assignees(plan.participants, release.placement, department=department):
                await create_task(tenant_id, release, round_, stage, TaskKind.OPINION, assignee, due)
    elif stage.mode is ActingMode.EACH_IN_ORDER:
        plan_ = stage.approval
        assert plan_ is not None
        for position, spec in enumerate(plan_.steps):
            for assignee in await assignees(spec, release.placement):
                await create_task(tenant_id, release, round_, stage, TaskKind.APPROVAL, assignee, due if position == 0 else None, position=position)


async def create_task(
    tenant_id: UUID, release: ReleaseView, round_: int, stage: RouteStage, kind: TaskKind,
    assignee: Assignee, due: datetime | None, *, position: int = 0,
) -> dict[str, Any]:
    status = "open" if kind is not TaskKind.APPROVAL or position == 0 else "waiting"
    task = await DB.fetchrow(
        """insert into workflow_tasks (tenant_id, release_id, stage_key, round, kind, position, assignee_person_id,
               assignee_role, assignee_department_id, status, due_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *""",
        tenant_id, release.id, stage.key, round_, kind.value, position, assignee.person_id,
        assignee.role.value if assignee.role else None, assignee.department_id, status, due,
    )
    assert task is not None
    if status == "open":
        await notify(
            tenant_id, await people_for(task), release.id, "task_assigned",
            f"待办：《{release.title}》{stage.name}", f"To do: “{release.title}” — {stage.name_en}",
        )
    return task


async def close_tasks(release_id: UUID, *, kinds: tuple[TaskKind, ...] | None = None, status: str = "cancelled", stage_key: str | None = None) -> None:
    await DB.fetch(
        """update workflow_tasks set status = $2, completed_at = now()
           where release_id = $1 and status in ('open', 'waiting')
             and ($3::text[] is null or kind = any($3::text[])) and ($4::text is null or stage_key = $4)""",
        release_id, status, [k.value for k in kinds] if kinds else None, stage_key,
    )


async def open_waiting(tenant_id: UUID, release: ReleaseView, stage: RouteStage, position: int, round_: int) -> None:
    due = datetime.now(UTC) + stage.deadline.within if stage.deadline else None
    opened = await DB.fetch(
        """update workflow_tasks set status = 'open', due_at = $5 where release_id = $1 and stage_key = $2 and round = $3
           and position = $4 and status = 'waiting' returning *""",
        release.id, stage.key, round_, position, due,
    )
    for task in opened:
        await notify(
            tenant_id, await people_for(task), release.id, "task_assigned",
            f"待审定：《{release.title}》", f"To approve: “{release.title}”",
        )
