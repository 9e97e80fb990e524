"""A channel's declared rate limits are kept by the relay: it hands out no more than a window allows, and the rest wait."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from fabu.channels.api import Capability, RateLimit
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.plugins import key_ring
from fabu.publishing.polling import poll_tenant
from fabu.services import Services
from fabu_loopback import Fault, LoopbackChannel, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    RETRACT,
    channels,
    deliver_all,
    install_loopback,
    later,
    now,
    outbox_rows,
    ready_release,
    relay,
    uuid_of,
)
from workflow.workflow_support import Desk, make_workflow_unit


def limit_loopback(monkeypatch: pytest.MonkeyPatch, *limits: RateLimit) -> None:
    """Give the loopback channel small rate limits for this test only."""
    monkeypatch.setattr(LoopbackChannel, "limits", dataclasses.replace(LoopbackChannel.limits, rate_limits=limits))


async def poll(services: Services, tenant: UUID, at: datetime) -> list[str]:
    return await poll_tenant(channels(services), key_ring(services.settings), tenant, at)


async def test_the_relay_hands_out_no_more_publications_than_the_window_allows(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(2, 3600.0, Capability.PUBLISH))
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    releases = [uuid_of((await ready_release(desk))["id"]) for _ in range(3)]

    first = await relay(tenant)
    assert len(first) == 2
    assert await deliver_all(services, tenant, first) == ["delivered", "delivered"]
    assert await relay(tenant, later(30)) == []

    [waiting] = [row for release_id in releases for row in await outbox_rows(tenant, release_id) if row["id"] not in first]
    assert waiting["status"] == "pending"
    assert waiting["attempts"] == 0
    assert now() + timedelta(minutes=55) < waiting["not_before"] < now() + timedelta(minutes=61)
    assert await relay(tenant, later(62)) == [waiting["id"]]
    assert sum(loopback.post_count(release_id) for release_id in releases) == 2


async def test_calls_already_made_in_the_window_count(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(1, 60.0))
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    await ready_release(desk)
    [published] = await relay(tenant)
    assert await deliver_all(services, tenant, [published]) == ["delivered"]
    second = uuid_of((await ready_release(desk))["id"])

    assert await relay(tenant) == []
    [row] = await outbox_rows(tenant, second)
    assert now() + timedelta(seconds=50) < row["not_before"] < now() + timedelta(seconds=61)
    assert await relay(tenant, later(2)) == [row["id"]]


async def test_a_limit_on_another_capability_does_not_hold_publications_back(
    desk: Desk, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(1, 3600.0, Capability.RETRACT))
    await install_loopback(desk, loopback)
    await ready_release(desk)
    await ready_release(desk)

    assert len(await relay(desk.wu.unit.id)) == 2


async def test_each_unit_has_its_own_window(
    desk: Desk, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch, gql: GraphQLClient, units: UnitFactory
) -> None:
    limit_loopback(monkeypatch, RateLimit(1, 3600.0))
    await install_loopback(desk, loopback)
    await ready_release(desk)
    await ready_release(desk)
    assert len(await relay(desk.wu.unit.id)) == 1
    other = Desk(gql, units, await make_workflow_unit(units))
    await install_loopback(other, loopback)
    await ready_release(other)

    assert len(await relay(other.wu.unit.id)) == 1
    assert await relay(desk.wu.unit.id) == []


async def test_a_limit_on_every_call_is_one_budget_for_publications_and_retractions_alike(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(1, 60.0))
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    published = await ready_release(desk)
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    retracted = await desk.gql.data(
        RETRACT, {"input": {"releaseId": published["id"], "reason": "撤回核实"}}, token=await desk.token("publisher")
    )
    assert retracted["retractRelease"]["errors"] == []
    await ready_release(desk)

    # Two minutes on, the window holds one call: the retraction and the new publication share it.
    first = await relay(tenant, later(2))
    assert len(first) == 1
    assert await relay(tenant, later(2)) == []
    assert len(await relay(tenant, later(4))) == 1


async def test_status_reads_count_against_a_limit_on_every_call_and_polls_wait_for_the_window(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(2, 3600.0))
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    loopback.review = True  # the post waits in the channel's review: its receipt is polled
    release_id = uuid_of((await ready_release(desk))["id"])
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]  # call 1

    assert await poll(services, tenant, later(2)) == ["pending"]  # call 2: the window is full
    second = uuid_of((await ready_release(desk))["id"])
    assert await relay(tenant, later(3)) == []
    assert await poll(services, tenant, later(5)) == ["throttled"]

    [polled] = await outbox_rows(tenant, release_id)
    assert polled["polls"] == 1
    assert later(55) < polled["poll_after"] < later(61)  # when the publish call leaves the window
    [waiting] = await outbox_rows(tenant, second)
    assert later(55) < waiting["not_before"] < later(61)
    assert (waiting["status"], waiting["attempts"]) == ("pending", 0)
    async with tenant_transaction(tenant):
        assert len(await DB.fetch("select * from channel_reads")) == 1  # the one read made; the throttled one not


async def test_another_units_reads_neither_show_nor_count(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch, gql: GraphQLClient,
    units: UnitFactory,
) -> None:
    limit_loopback(monkeypatch, RateLimit(2, 3600.0))
    await install_loopback(desk, loopback)
    loopback.review = True
    await ready_release(desk)
    assert await deliver_all(services, desk.wu.unit.id, await relay(desk.wu.unit.id)) == ["delivered"]
    assert await poll(services, desk.wu.unit.id, later(2)) == ["pending"]
    other = Desk(gql, units, await make_workflow_unit(units))
    await install_loopback(other, loopback)
    await ready_release(other)

    async with tenant_transaction(other.wu.unit.id):
        assert await DB.fetch("select * from channel_reads") == []
    assert len(await relay(other.wu.unit.id, later(3))) == 1


async def test_a_limit_on_publications_alone_does_not_hold_polls_back(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(1, 3600.0, Capability.PUBLISH))
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    loopback.review = True
    await ready_release(desk)
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]

    assert await poll(services, tenant, later(2)) == ["pending"]
    assert await poll(services, tenant, later(5)) == ["pending"]


async def test_a_row_waiting_to_settle_an_unknown_outcome_is_budgeted_as_the_status_read_it_makes(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_loopback(monkeypatch, RateLimit(1, 3600.0, Capability.PUBLISH))
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    loopback.fail_next(Fault.ERROR_AFTER_ACCEPT)  # published, but the answer is lost
    loopback.fail_next(Fault.RETRYABLE, method="GET", path="/v1/posts")  # and the first status read fails
    assert await deliver_all(services, tenant, await relay(tenant)) == ["pending"]

    # The hour's one publication is spent, but settling the outcome takes a read, not a publication.
    assert await deliver_all(services, tenant, await relay(tenant, later(2))) == ["delivered"]
    assert loopback.post_count(release_id) == 1
