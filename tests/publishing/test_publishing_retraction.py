"""撤回: one action takes a release down from every channel that has it, or tells the publishers to, and the ledger shows it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from fabu.channels.api import Capability
from fabu.db.session import tenant_transaction
from fabu.services import Services
from fabu_loopback import Fault, LoopbackChannel, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    LEDGER_ACTIONS,
    RETRACT,
    approve_again,
    attempts,
    crashed_attempt,
    deliver_all,
    edit_release,
    install_loopback,
    notifications,
    now,
    outbox_rows,
    published_release,
    ready_release,
    relay,
    uuid_of,
)
from workflow.workflow_support import Desk, make_workflow_unit

REASON = "数据有误，撤回核实 / wrong figures, withdrawn for checking"



async def _retract(desk: Desk, release_id: str, username: str = "publisher", **extra: Any) -> dict[str, Any]:
    variables = {"input": {"releaseId": release_id, "reason": REASON, **extra}}
    payload: dict[str, Any] = (await desk.gql.data(RETRACT, variables, token=await desk.token(username)))["retractRelease"]
    return payload


async def test_a_retraction_takes_the_post_down_and_the_ledger_shows_it(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    release_id = uuid_of(release["id"])

    payload = await _retract(desk, release["id"])

    assert payload["errors"] == []
    assert payload["channels"] == [{"channel": "loopback", "outcome": "RETRACTING"}]
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    [post] = loopback.posts_for(release_id)
    assert post["state"] == "retracted"
    nodes = (await desk.gql.data(LEDGER_ACTIONS, token=await desk.token("auditor")))["publicationLedger"]["nodes"]
    assert [(n["action"], n["state"], n["note"]) for n in nodes] == [("publish", "published", None), ("retract", "retracted", REASON)]
    assert nodes[1]["externalIds"] == {"post_id": post["id"]}
    again = await _retract(desk, release["id"])
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("releaseId", "NOT_LIVE")]


async def test_the_admin_may_retract_too_and_a_repeated_request_acts_once(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    release = await published_release(desk, loopback, services)

    first = await _retract(desk, release["id"], "admin", clientMutationId="retract-1")
    again = await _retract(desk, release["id"], "admin", clientMutationId="retract-1")

    assert (first["errors"], first["replayed"]) == ([], False)
    assert (again["errors"], again["replayed"], again["channels"]) == ([], True, first["channels"])
    rows = await outbox_rows(desk.wu.unit.id, uuid_of(release["id"]))
    assert sorted(row["action"] for row in rows) == ["publish", "retract"]


async def test_a_channel_that_cannot_retract_gets_a_notice_and_the_publishers_are_told(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LoopbackChannel, "capabilities", LoopbackChannel.capabilities & ~Capability.RETRACT)
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)

    payload = await _retract(desk, release["id"])

    assert payload["channels"] == [{"channel": "loopback", "outcome": "BY_HAND"}]
    assert await relay(tenant) == []
    nodes = (await desk.gql.data(LEDGER_ACTIONS, token=await desk.token("publisher")))["publicationLedger"]["nodes"]
    assert [(n["action"], n["state"]) for n in nodes] == [("publish", "published"), ("retract", "manual")]
    assert REASON in nodes[1]["note"]
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_manual_retract")
    assert "请人工撤回" in notice["message_zh"]
    assert "数据有误" in notice["message_zh"]
    [post] = loopback.posts_for(uuid_of(release["id"]))
    assert post["state"] == "published"


async def test_a_retraction_cancels_a_correction_still_waiting(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    await edit_release(desk, release["id"], title="关于开展2026年度营商环境评价工作的通知（更正）")
    await approve_again(desk, release["id"])

    assert (await _retract(desk, release["id"]))["errors"] == []

    rows = await outbox_rows(tenant, uuid_of(release["id"]))
    assert sorted((row["action"], row["status"]) for row in rows) == [
        ("publish", "delivered"), ("retract", "pending"), ("update", "cancelled"),
    ]  # fmt: skip
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    [post] = loopback.posts_for(uuid_of(release["id"]))
    assert (post["state"], post["title"]) == ("retracted", release["title"])


async def test_an_unknown_retraction_still_up_on_the_channel_is_retracted_again(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    await _retract(desk, release["id"])
    [retract_id] = await relay(tenant)
    # A worker recorded its attempt and died: did the takedown happen? The channel still shows the post.
    async with tenant_transaction(tenant):
        await crashed_attempt(tenant, retract_id, claimed=True)

    assert await deliver_all(services, tenant, await relay(tenant)) == ["pending"]
    assert await deliver_all(services, tenant, await relay(tenant, now() + timedelta(minutes=2))) == ["delivered"]

    assert [a["outcome"] for a in await attempts(tenant, retract_id)] == ["still_up", "retracted"]
    [post] = loopback.posts_for(uuid_of(release["id"]))
    assert post["state"] == "retracted"


async def test_a_takedown_the_channel_refuses_is_told_to_the_publishers(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    await _retract(desk, release["id"])
    loopback.fail_next(Fault.TERMINAL, method="DELETE", path="/v1/posts/")

    assert await deliver_all(services, tenant, await relay(tenant)) == ["failed"]

    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_failed")
    assert "从回环测试渠道撤回失败" in notice["message_zh"]
    assert "could not be retracted" in notice["message_en"]
    [post] = loopback.posts_for(uuid_of(release["id"]))
    assert post["state"] == "published"


async def test_a_release_never_published_cannot_be_retracted(desk: Desk, loopback: LoopbackServer) -> None:
    await install_loopback(desk, loopback)
    release = await ready_release(desk)

    payload = await _retract(desk, release["id"])

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("releaseId", "NEVER_PUBLISHED")]
    assert "尚未" in payload["errors"][0]["message"]
    [row] = await outbox_rows(desk.wu.unit.id, uuid_of(release["id"]))
    assert (row["action"], row["status"]) == ("publish", "pending")  # nothing was cancelled


async def test_a_retraction_needs_a_reason(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    release = await published_release(desk, loopback, services)

    blank = await _retract(desk, release["id"], reason="   ")
    too_long = await _retract(desk, release["id"], reason="因" * 501)

    assert [(e["field"], e["code"]) for e in blank["errors"]] == [("reason", "REQUIRED")]
    assert [(e["field"], e["code"]) for e in too_long["errors"]] == [("reason", "TOO_LONG")]
    assert [row["action"] for row in await outbox_rows(desk.wu.unit.id, uuid_of(release["id"]))] == ["publish"]


async def test_a_drafter_cannot_retract(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    release = await published_release(desk, loopback, services)

    response = await desk.gql(RETRACT, {"input": {"releaseId": release["id"], "reason": REASON}}, token=await desk.token("drafter"))

    assert response["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_unit_cannot_retract_the_units_release(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory
) -> None:
    release = await published_release(desk, loopback, services)
    other = Desk(gql, units, await make_workflow_unit(units))

    payload = await _retract(other, release["id"])

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("releaseId", "NOT_FOUND")]
    assert [row["action"] for row in await outbox_rows(desk.wu.unit.id, uuid_of(release["id"]))] == ["publish"]
    assert (await other.gql.data(LEDGER_ACTIONS, token=await other.token("publisher")))["publicationLedger"]["nodes"] == []
    [post] = loopback.posts_for(uuid_of(release["id"]))
    assert post["state"] == "published"
