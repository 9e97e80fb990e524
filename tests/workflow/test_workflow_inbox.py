"""The inbox, its live subscription, and deadline reminders and escalations."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.graphql.context import Context
from fabu.graphql.schema import build_schema
from fabu.identity.credentials import parse_authorization
from fabu.services import Services
from fabu.settings import Settings
from fabu.workflow.jobs import check_tenant_deadlines
from workflow.workflow_support import Desk

INBOX = "{ inbox { nodes { kind stage releaseTitle dueAt } } }"


async def test_the_inbox_shows_what_waits_for_me_with_its_deadline(desk: Desk) -> None:
    release = await desk.create()
    await desk.submit(release["id"])

    reviewer = (await desk.gql.data(INBOX, token=await desk.token("reviewer")))["inbox"]["nodes"]
    planner = (await desk.gql.data(INBOX, token=await desk.token("planner")))["inbox"]["nodes"]

    assert [(t["kind"], t["stage"], t["releaseTitle"]) for t in reviewer] == [("review", "department_review", release["title"])]
    assert reviewer[0]["dueAt"] is not None
    assert planner == []


async def test_the_inbox_subscription_pushes_when_work_arrives(desk: Desk, settings: Settings, services: Services) -> None:
    schema = build_schema(settings)
    credentials = parse_authorization(f"Bearer {await desk.token('reviewer')}", settings)
    context = Context(settings=settings, services=services, credentials=credentials)
    stream: Any = await schema.subscribe("subscription { inboxChanged { openTasks } }", context_value=context)
    first = await asyncio.wait_for(stream.__anext__(), 10)
    assert first.errors is None, first.errors
    assert first.data == {"inboxChanged": {"openTasks": 0}}

    release = await desk.create()
    await desk.submit(release["id"])
    pushed = await asyncio.wait_for(stream.__anext__(), 10)
    await stream.aclose()

    assert pushed.data == {"inboxChanged": {"openTasks": 1}}


async def test_a_stage_past_its_deadline_is_reminded_then_escalated_once(desk: Desk) -> None:
    release = await desk.create()
    await desk.submit(release["id"])
    unit = desk.wu.unit

    async with tenant_transaction(unit.id):
        task = await DB.fetchrow("select due_at from workflow_tasks where status = 'open'")
        assert task is not None
        due = task["due_at"]
        early = await check_tenant_deadlines(unit.id, due - timedelta(hours=5))
        reminder = await check_tenant_deadlines(unit.id, due - timedelta(hours=3))
        overdue = await check_tenant_deadlines(unit.id, due + timedelta(minutes=1))
        again = await check_tenant_deadlines(unit.id, due + timedelta(hours=1))

    assert early == {"reminded": 0, "escalated": 0}
    assert reminder == {"reminded": 1, "escalated": 0}
    assert overdue == {"reminded": 0, "escalated": 1}
    assert again == {"reminded": 0, "escalated": 0}
    deputy_inbox = (await desk.gql.data(INBOX, token=await desk.token("deputy")))["inbox"]["nodes"]
    assert [(t["kind"], t["stage"]) for t in deputy_inbox] == [("review", "department_review")]
    notes = await desk.gql.data(
        "query($id: ID!) { workflow(releaseId: $id) { stage } }", {"id": release["id"]}, token=await desk.token("deputy")
    )
    assert notes["workflow"]["stage"] == "department_review"
    assert datetime.now(UTC) < due


async def test_a_subscription_may_authenticate_with_connection_parameters(desk: Desk, settings: Settings, services: Services) -> None:
    from fabu.app import authenticate_connection

    context = Context(settings=settings, services=services, connection_params={"Authorization": f"Bearer {await desk.token('reviewer')}"})
    authenticate_connection(context, settings)
    garbage = Context(settings=settings, services=services, connection_params={"Authorization": "Bearer nonsense"})
    authenticate_connection(garbage, settings)

    assert context.credentials is not None
    assert context.credentials.tenant_id == desk.wu.unit.id
    assert garbage.credentials is None
    assert garbage.auth_error is not None
    assert garbage.auth_error.code == "TOKEN_INVALID"
