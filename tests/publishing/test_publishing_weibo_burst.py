"""Weibo's posting limit (30 posts an hour per account) is kept by scheduling, not by failing.

A burst of releases for the portal and Weibo: the portal takes them all at once, Weibo gets the 30
its declared limit allows, and the rest wait for the hour to pass; Weibo never has to refuse one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.services import Services
from fabu_weibo.testing.fake import FakeWeibo
from publishing.publishing_support import deliver_all, drain, install_portal_and_weibo, ready_release, relay
from workflow.workflow_support import Desk

BURST = 32


class Clock:
    """The fake Weibo's clock, moved on by the test with the relay's."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def weibo(clock: Clock) -> Iterator[FakeWeibo]:
    with FakeWeibo(clock=clock) as server:
        yield server


async def test_a_weibo_burst_is_spread_over_the_hours_not_refused(
    desk: Desk, services: Services, weibo: FakeWeibo, clock: Clock, tmp_path: Path
) -> None:
    tenant = desk.wu.unit.id
    await install_portal_and_weibo(desk, services, tmp_path, weibo)
    for number in range(BURST):
        await ready_release(desk, ("portal", "weibo"), title=f"营商环境评价工作通知（第{number + 1}期）")

    delivered = await drain(services, tenant)

    assert delivered == ["delivered"] * (BURST + 30)  # every portal page, and the 30 posts the hour allows
    assert weibo.calls_to("/2/statuses/share.json") == 30
    async with tenant_transaction(tenant):
        waiting = await DB.fetch("select not_before from publication_outbox where channel = 'weibo' and status = 'pending'")
    assert len(waiting) == BURST - 30
    now = datetime.now(UTC)
    assert all(now + timedelta(minutes=55) < row["not_before"] < now + timedelta(minutes=61) for row in waiting)

    clock.offset = timedelta(minutes=61)
    assert await deliver_all(services, tenant, await relay(tenant, now + clock.offset)) == ["delivered"] * (BURST - 30)
    assert weibo.calls_to("/2/statuses/share.json") == BURST
    assert len(weibo.posts()) == BURST
    async with tenant_transaction(tenant):
        outcomes = await DB.fetch(
            "select a.outcome, count(*) as n from publication_attempts a join publication_outbox o on o.id = a.outbox_id "
            "where o.channel = 'weibo' group by a.outcome"
        )
    assert {(row["outcome"], row["n"]) for row in outcomes} == {("published", BURST)}  # one try each, none refused
