"""Races of the pipeline against the real database: two relays, a delivery job run twice, a retraction
while a delivery is in flight, new credentials saved while a call with the old ones is refused; and
calls lost on their way, again and again.

A call is held at the channel's door (an HTTP transport that waits for the test) so the other side
of the race runs while it is in flight; everything else is the real stack.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import httpx
import pytest

from fabu.channels.api import RateLimit
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing import relay as relay_module
from fabu.publishing.calls import Channels
from fabu.publishing.delivery import MAX_ATTEMPTS, deliver
from fabu.publishing.plugins import key_ring
from fabu.publishing.polling import poll_tenant
from fabu.publishing.relay import claim_due, relay_tenant
from fabu.services import Services
from fabu_loopback import Fault, LoopbackChannel, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    API_KEY,
    CONFIGURE,
    RETRACT,
    RecordingQueue,
    deliver_all,
    install_loopback,
    later,
    notifications,
    now,
    outbox_rows,
    ready_release,
    relay,
    uuid_of,
)
from workflow.workflow_support import Desk, make_workflow_unit

PAUSED = "{ channels { channel paused } }"
T = TypeVar("T")


@dataclass
class HeldDoor(httpx.AsyncBaseTransport):
    """Forwards every request, but holds the first one of ``method`` until the test opens the door."""

    method: str = "POST"
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)
    inner: httpx.AsyncHTTPTransport = field(default_factory=httpx.AsyncHTTPTransport)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == self.method and not self.arrived.is_set():
            self.arrived.set()
            await self.opened.wait()
        return await self.inner.handle_async_request(request)


def apart(coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Run ``coroutine`` as a task of its own context: its own connection and transactions."""
    return asyncio.create_task(coroutine, context=contextvars.Context())


def held(services: Services, door: HeldDoor) -> Channels:
    return Channels(store=services.store, timeout=httpx.Timeout(5.0), transport=door)


async def test_new_credentials_saved_while_the_old_ones_are_refused_do_not_pause_the_channel(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    release_id = uuid_of((await ready_release(desk))["id"])
    [outbox_id] = await relay(tenant)
    loopback.fail_next(Fault.AUTH)  # the credentials the call carries are refused...
    door = HeldDoor()
    delivery = asyncio.create_task(deliver(held(services, door), key_ring(services.settings), tenant, outbox_id))
    await door.arrived.wait()

    # ...but while the call is on its way, the admin saves new ones.
    saved = await desk.gql.data(
        CONFIGURE, {"input": {"channel": "loopback", "config": {"api_key": API_KEY}}}, token=await desk.token("admin")
    )
    assert saved["configureChannel"]["errors"] == []
    door.opened.set()

    assert await delivery == "pending"  # tried again with the new credentials, not paused
    listed = (await desk.gql.data(PAUSED, token=await desk.token("admin")))["channels"]
    assert listed == [{"channel": "loopback", "paused": False}]
    assert await notifications(tenant, desk.wu.unit.people["admin"], "channel_paused") == []
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    assert loopback.post_count(release_id) == 1
    [row] = await outbox_rows(tenant, release_id)
    assert (row["status"], row["attempts"]) == ("delivered", 2)


async def test_a_delivery_job_run_twice_calls_the_channel_once(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    release_id = uuid_of((await ready_release(desk))["id"])
    [outbox_id] = await relay(tenant)
    door = HeldDoor()
    ring = key_ring(services.settings)
    first = asyncio.create_task(deliver(held(services, door), ring, tenant, outbox_id))
    await door.arrived.wait()

    assert await deliver(held(services, HeldDoor(method="none")), ring, tenant, outbox_id) == "in_flight"
    door.opened.set()
    assert await first == "delivered"
    assert await deliver(held(services, HeldDoor(method="none")), ring, tenant, outbox_id) == "skipped"

    assert loopback.post_count(release_id) == 1
    [row] = await outbox_rows(tenant, release_id)
    assert (row["status"], row["attempts"]) == ("delivered", 1)


async def test_a_retraction_while_the_publication_is_in_flight_waits_for_it_then_takes_it_down(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    release = await ready_release(desk)
    release_id = uuid_of(release["id"])
    [outbox_id] = await relay(tenant)
    door = HeldDoor()
    publishing = asyncio.create_task(deliver(held(services, door), key_ring(services.settings), tenant, outbox_id))
    await door.arrived.wait()

    answer = await desk.gql.data(
        RETRACT, {"input": {"releaseId": release["id"], "reason": "数据有误"}}, token=await desk.token("publisher")
    )
    assert answer["retractRelease"]["errors"] == []
    assert answer["retractRelease"]["channels"] == [{"channel": "loopback", "outcome": "RETRACTING"}]
    assert await relay(tenant) == []  # the retraction waits while the publish is in flight
    door.opened.set()
    assert await publishing == "delivered"

    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    [post] = loopback.posts_for(release_id)
    assert post["state"] == "retracted"
    rows = await outbox_rows(tenant, release_id)
    assert sorted((row["action"], row["status"]) for row in rows) == [("publish", "delivered"), ("retract", "delivered")]


async def test_two_relays_at_once_hand_out_each_row_once_and_keep_the_rate_limit_together(
    desk: Desk, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch, gql: GraphQLClient, units: UnitFactory
) -> None:
    monkeypatch.setattr(LoopbackChannel, "limits", dataclasses.replace(LoopbackChannel.limits, rate_limits=(RateLimit(2, 3600.0),)))
    monkeypatch.setattr(relay_module, "BATCH", 2)  # so the second relay finds due rows the first has not locked
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    for _ in range(4):
        await ready_release(desk)
    other = Desk(gql, units, await make_workflow_unit(units))
    await install_loopback(other, loopback)
    await ready_release(other)
    second_queue, others_queue = RecordingQueue(), RecordingQueue()

    async with tenant_transaction(tenant):
        first = await claim_due(now())
        # Another relay of the unit runs to its end while the first has claimed but not yet committed;
        # so does a relay of another unit.
        second = await apart(relay_tenant(second_queue, tenant, now()))
        others = await apart(relay_tenant(others_queue, other.wu.unit.id, now()))

    assert len(first) == 2
    assert (second, second_queue.jobs) == ([], [])
    assert len(others) == len(others_queue.jobs) == 1  # one unit's relay holds back no other unit's


@dataclass
class LostPosts(httpx.AsyncBaseTransport):
    """Every ``POST`` is lost on its way (a read timeout before the channel saw it); other requests go through."""

    inner: httpx.AsyncHTTPTransport = field(default_factory=httpx.AsyncHTTPTransport)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise httpx.ReadTimeout("lost on the way", request=request)
        return await self.inner.handle_async_request(request)


async def test_calls_that_keep_timing_out_with_nothing_on_the_channel_end_after_the_last_try(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    release_id = uuid_of((await ready_release(desk))["id"])
    ring = key_ring(services.settings)

    statuses: list[str] = []
    for hours in range(MAX_ATTEMPTS + 3):
        at = now() + timedelta(hours=hours)
        # The delivery's clock moves with the relay's: "nothing there" is believed once the call would show.
        lossy = Channels(store=services.store, timeout=httpx.Timeout(5.0), transport=LostPosts(), clock=lambda at=at: at)
        for outbox_id in await relay(tenant, at):
            statuses.append(await deliver(lossy, ring, tenant, outbox_id))

    # Each unknown outcome was settled by status (nothing there) before the next try; the last try ends
    # it. The first "nothing there" came right after the call, too soon to believe: it was asked again.
    assert statuses == ["pending"] * MAX_ATTEMPTS + ["failed"]
    [row] = await outbox_rows(tenant, release_id)
    assert (row["status"], row["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert str(MAX_ATTEMPTS) in row["last_error"]
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_failed")
    assert "回环测试渠道" in notice["message_zh"]


async def test_relays_and_delivery_jobs_running_at_once_publish_each_release_exactly_once(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    releases = [uuid_of((await ready_release(desk))["id"]) for _ in range(6)]
    ring = key_ring(services.settings)

    queues = [RecordingQueue(), RecordingQueue()]
    claimed = await asyncio.gather(*(apart(relay_tenant(queue, tenant, now())) for queue in queues))
    handed_out = [outbox_id for batch in claimed for outbox_id in batch]
    assert len(handed_out) == len(set(handed_out)) == len(releases)

    # arq may run a job twice: every row's job runs twice, all at once.
    runs = [apart(deliver(held(services, HeldDoor(method="none")), ring, tenant, outbox_id)) for outbox_id in handed_out * 2]
    results = await asyncio.gather(*runs)

    assert results.count("delivered") == len(releases)
    assert set(results) <= {"delivered", "in_flight", "skipped"}
    assert [loopback.post_count(release_id) for release_id in releases] == [1] * len(releases)
    for release_id in releases:
        [row] = await outbox_rows(tenant, release_id)
        assert (row["status"], row["attempts"]) == ("delivered", 1)


async def test_new_credentials_saved_while_a_poll_with_the_old_ones_is_refused_do_not_pause_the_channel(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    loopback.review = True  # the receipt is pending: the channel is polled
    await ready_release(desk)
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    loopback.fail_next(Fault.AUTH, method="GET", path="/v1/posts")
    door = HeldDoor(method="GET")
    polling = apart(poll_tenant(held(services, door), key_ring(services.settings), tenant, later(2)))
    await door.arrived.wait()

    saved = await desk.gql.data(
        CONFIGURE, {"input": {"channel": "loopback", "config": {"api_key": API_KEY}}}, token=await desk.token("admin")
    )
    assert saved["configureChannel"]["errors"] == []
    door.opened.set()

    assert await polling == ["retry"]
    listed = (await desk.gql.data(PAUSED, token=await desk.token("admin")))["channels"]
    assert listed == [{"channel": "loopback", "paused": False}]
    assert await notifications(tenant, desk.wu.unit.people["admin"], "channel_paused") == []


async def test_a_poll_does_not_spend_a_window_a_relay_is_drawing_on_at_that_moment(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LoopbackChannel, "limits", dataclasses.replace(LoopbackChannel.limits, rate_limits=(RateLimit(2, 3600.0),)))
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    loopback.review = True
    await ready_release(desk)
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]  # call 1; its receipt is pending
    await ready_release(desk)

    async with tenant_transaction(tenant):
        assert len(await claim_due(later(2))) == 1  # call 2, claimed but not yet committed
        polled = await apart(poll_tenant(held(services, HeldDoor(method="none")), key_ring(services.settings), tenant, later(2)))

    assert polled == ["throttled"]  # the poll waits instead of reading past the window
    async with tenant_transaction(tenant):
        assert await DB.fetch("select * from channel_reads") == []
