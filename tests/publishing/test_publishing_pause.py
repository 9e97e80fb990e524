"""Credentials a channel refuses pause the channel for the unit: nothing is lost, nothing is sent, until an admin acts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.services import Services
from fabu_loopback import Fault, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    API_KEY,
    CONFIGURE,
    ENABLE,
    deliver_all,
    install_loopback,
    later,
    notifications,
    outbox_rows,
    ready_release,
    relay,
    uuid_of,
)
from workflow.workflow_support import Desk, make_workflow_unit

PAUSED = "{ channels { channel enabled paused pausedAt pausedReason } }"


async def _paused_unit(desk: Desk, loopback: LoopbackServer, services: Services) -> UUID:
    """A unit whose first delivery met expired credentials; returns the release's id."""
    await install_loopback(desk, loopback)
    release_id = uuid_of((await ready_release(desk))["id"])
    loopback.fail_next(Fault.AUTH)
    assert await deliver_all(services, desk.wu.unit.id, await relay(desk.wu.unit.id)) == ["paused"]
    return release_id


async def _channels(desk: Desk) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = (await desk.gql.data(PAUSED, token=await desk.token("admin")))["channels"]
    return listed


async def test_expired_credentials_pause_the_channel_and_keep_the_release_waiting(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _paused_unit(desk, loopback, services)

    [row] = await outbox_rows(tenant, release_id)
    assert row["status"] == "pending"
    assert "token_expired" in row["last_error"]
    [channel] = await _channels(desk)
    assert (channel["channel"], channel["enabled"], channel["paused"]) == ("loopback", True, True)
    assert channel["pausedAt"] is not None
    assert "token_expired" in channel["pausedReason"]
    # Neither the waiting row nor a release approved later is handed out while paused.
    second = uuid_of((await ready_release(desk))["id"])
    assert await relay(tenant, later(60)) == []
    assert loopback.post_count(release_id) == loopback.post_count(second) == 0


async def test_the_admins_and_publishers_are_told_once_in_the_channels_words(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    await ready_release(desk)
    await ready_release(desk)
    claimed = await relay(tenant)  # both handed out before the channel refused the first
    loopback.fail_next(Fault.AUTH, times=2)

    assert await deliver_all(services, tenant, claimed) == ["paused", "paused"]

    for person in ("admin", "publisher"):
        [notice] = await notifications(tenant, desk.wu.unit.people[person], "channel_paused")
        assert "回环测试渠道" in notice["message_zh"]
        assert "令牌已过期" in notice["message_zh"]
        assert "Loopback test channel" in notice["message_en"]
    assert await notifications(tenant, desk.wu.unit.people["drafter"], "channel_paused") == []
    assert await notifications(tenant, desk.wu.unit.people["publisher"], "publication_failed") == []


async def test_new_credentials_resume_the_channel_and_deliver_what_waited(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _paused_unit(desk, loopback, services)

    data = await desk.gql.data(
        CONFIGURE, {"input": {"channel": "loopback", "config": {"api_key": API_KEY}}}, token=await desk.token("admin")
    )

    assert data["configureChannel"]["errors"] == []
    [channel] = await _channels(desk)
    assert (channel["paused"], channel["pausedAt"], channel["pausedReason"]) == (False, None, None)
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    assert loopback.post_count(release_id) == 1


async def test_switching_the_channel_off_and_on_again_resumes_it(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _paused_unit(desk, loopback, services)
    admin = await desk.token("admin")

    await desk.gql.data(ENABLE, {"input": {"channel": "loopback", "enabled": False}}, token=admin)
    assert [c["paused"] for c in await _channels(desk)] == [True]  # switching off alone keeps the pause
    await desk.gql.data(ENABLE, {"input": {"channel": "loopback", "enabled": True}}, token=admin)

    assert [c["paused"] for c in await _channels(desk)] == [False]
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    assert loopback.post_count(release_id) == 1


async def test_a_pause_in_one_unit_holds_back_nothing_of_another(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory
) -> None:
    await _paused_unit(desk, loopback, services)
    other = Desk(gql, units, await make_workflow_unit(units))
    await install_loopback(other, loopback)
    release_id = uuid_of((await ready_release(other))["id"])

    assert [c["paused"] for c in await _channels(other)] == [False]
    assert await deliver_all(services, other.wu.unit.id, await relay(other.wu.unit.id)) == ["delivered"]
    assert loopback.post_count(release_id) == 1
    async with tenant_transaction(other.wu.unit.id):
        assert await DB.fetch("select * from notifications where kind = 'channel_paused'") == []
