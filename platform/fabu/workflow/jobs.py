"""Scheduled workflow jobs: reminders before a deadline, escalation after it.

The job runs every minute on any worker; each unit is handled in its own tenant transaction, and
a task is reminded or escalated once (``reminded_at`` / ``escalated_at``), so a job that runs twice
(arq is at-least-once) does no harm.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from arq import cron

from fabu import audit
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.workflow.actors import assignees, people_for
from fabu.workflow.definition import OverdueAction, Route
from fabu.workflow.notify import notify
from fabu.workflow.release_view import load_release


async def check_deadlines(ctx: dict[str, Any]) -> dict[str, int]:
    """Remind and escalate across all units; returns counts for the log."""
    totals = {"reminded": 0, "escalated": 0}
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        async with tenant_transaction(row["id"]):
            counts = await check_tenant_deadlines(row["id"], datetime.now(UTC))
        totals = {key: totals[key] + counts[key] for key in totals}
    return totals


async def check_tenant_deadlines(tenant_id: UUID, now: datetime) -> dict[str, int]:
    reminded = escalated = 0
    tasks = await DB.fetch(
        """select t.*, i.route, r.title from workflow_tasks t
           join workflow_instances i on i.release_id = t.release_id
           join releases r on r.id = t.release_id
           where t.status = 'open' and t.due_at is not null and (t.reminded_at is null or t.escalated_at is null)
             and t.stage_key = i.stage_key for update of t skip locked"""
    )
    for task in tasks:
        route = Route.model_validate(json.loads(task["route"]))
        deadline = route.stage(task["stage_key"]).deadline
        if deadline is None:
            continue
        remind_at = task["due_at"] - deadline.remind_before if deadline.remind_before else task["due_at"]
        if task["reminded_at"] is None and now >= remind_at:
            await notify(
                tenant_id, await people_for(task), task["release_id"], "deadline_reminder",
                f"提醒：《{task['title']}》将于 {task['due_at']:%Y-%m-%d %H:%M} 到期",
                f"Reminder: “{task['title']}” is due {task['due_at']:%Y-%m-%d %H:%M} UTC",
            )
            await DB.fetch("update workflow_tasks set reminded_at = $2 where id = $1", task["id"], now)
            reminded += 1
        if task["escalated_at"] is None and now >= task["due_at"]:
            await _overdue(tenant_id, task, deadline.overdue, deadline.escalate_to)
            await DB.fetch("update workflow_tasks set escalated_at = $2 where id = $1", task["id"], now)
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}


async def _overdue(tenant_id: UUID, task: dict[str, Any], action: OverdueAction, escalate_to: Any) -> None:
    title = task["title"]
    if action is OverdueAction.ESCALATE and escalate_to is not None:
        release = await load_release(task["release_id"])
        for assignee in await assignees(escalate_to, release.placement):
            # The escalation target may act on the overdue work too, and is told so.
            escalated = await DB.fetchrow(
                """insert into workflow_tasks (tenant_id, release_id, stage_key, round, kind, position, assignee_person_id,
                       assignee_role, assignee_department_id, status, due_at, reminded_at, escalated_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, now(), now()) returning *""",
                tenant_id, task["release_id"], task["stage_key"], task["round"], task["kind"], task["position"],
                assignee.person_id, assignee.role.value if assignee.role else None, assignee.department_id, task["due_at"],
            )
            assert escalated is not None
            await notify(
                tenant_id, await people_for(escalated), task["release_id"], "deadline_escalation",
                f"督办：《{title}》已超期，请协调办理", f"Escalated: “{title}” is overdue; please see to it",
            )
        await audit.record(tenant_id, audit.SYSTEM, "workflow.escalate", "Release", str(task["release_id"]), {"task": str(task["id"])})
    else:
        await notify(
            tenant_id, await people_for(task), task["release_id"], "deadline_overdue",
            f"已超期：《{title}》请尽快办理", f"Overdue: “{title}” needs your decision",
        )


JOBS: list[Any] = [check_deadlines]
CRON: list[Any] = [cron(check_deadlines, minute=set(range(60)), run_at_startup=False, unique=True)]
