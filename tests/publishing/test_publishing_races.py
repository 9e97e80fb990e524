"""Races of the pipeline against the real database: two relays, a delivery job run twice, a retraction
while a delivery is in flight, new credentials saved while a call with the old ones is refused.

A call is held at the channel's door (an HTTP transport that waits for the test) so the other side
of the race runs while it is in flight; everything else is the real stack.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx

from fabu.publishing.calls import Channels
from fabu.publishing.delivery import deliver
from fabu.publishing.plugins import key_ring
from fabu.services import Services
from fabu_loopback import Fault, LoopbackServer
from publishing.publishing_support import (
    API_KEY,
    CONFIGURE,
    deliver_all,
    install_loopback,
    notifications,
    outbox_rows,
    ready_release,
    relay,
    uuid_of,
)
from workflow.workflow_support import Desk

PAUSED = "{ channels { channel paused } }"


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
