"""Publications a channel keeps pending in its own review are polled through ``status`` until they settle."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from fabu.channels.api import PublicationState, StatusReport
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.delivery import deliver
from fabu.publishing.followups import record_status_change
from fabu.publishing.plugins import key_ring
from fabu.publishing.polling import poll_all, poll_interval, poll_tenant
from fabu.publishing.polling_rules import DEFAULT_POLLING, PollingRules
from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import LoopbackChannel, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    channels,
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


async def _pending_publication(desk: Desk, loopback: LoopbackServer, services: Services) -> UUID:
    """A release the loopback channel accepted into its review; returns the release's id."""
    await install_loopback(desk, loopback)
    loopback.review = True
    release_id = uuid_of((await ready_release(desk))["id"])
    assert await deliver_all(services, desk.wu.unit.id, await relay(desk.wu.unit.id)) == ["delivered"]
    return release_id


async def _poll(services: Services, tenant: UUID, at: datetime) -> list[str]:
    return await poll_tenant(channels(services), key_ring(services.settings), tenant, at)


async def _ledger_states(tenant: UUID, release_id: UUID) -> list[str]:
    async with tenant_transaction(tenant):
        rows = await DB.fetch("select state from publication_ledger where release_id = $1 order by recorded_at", release_id)
    return [row["state"] for row in rows]


async def test_a_pending_review_is_polled_with_back_off_until_the_channel_publishes(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _pending_publication(desk, loopback, services)
    [row] = await outbox_rows(tenant, release_id)
    assert now() < row["poll_after"] < later(2)
    assert await _poll(services, tenant, now()) == []  # not due yet

    assert await _poll(services, tenant, later(2)) == ["pending"]
    [row] = await outbox_rows(tenant, release_id)
    assert row["polls"] == 1
    assert later(3) < row["poll_after"] < later(5)  # the second wait is twice the first
    [post] = loopback.posts_for(release_id)
    loopback.approve(post["id"])

    assert await _poll(services, tenant, later(5)) == ["published"]
    assert await _ledger_states(tenant, release_id) == ["pending", "published"]
    [row] = await outbox_rows(tenant, release_id)
    assert (row["status"], row["poll_after"]) == ("delivered", None)
    assert await _poll(services, tenant, later(600)) == []
    assert loopback.post_count(release_id) == 1


async def test_a_rejection_found_by_polling_is_entered_and_told_in_the_channels_words(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _pending_publication(desk, loopback, services)
    [post] = loopback.posts_for(release_id)
    loopback.reject(post["id"], "标题不符合平台规范 / title breaks the rules")

    assert await _poll(services, tenant, later(2)) == ["failed"]

    assert await _ledger_states(tenant, release_id) == ["pending", "failed"]
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_failed")
    assert "标题不符合平台规范" in notice["message_zh"]


async def test_a_publication_pending_too_long_is_flagged_for_a_person(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _pending_publication(desk, loopback, services)

    assert await _poll(services, tenant, now() + timedelta(days=4)) == ["flagged"]

    [row] = await outbox_rows(tenant, release_id)
    assert (row["status"], row["poll_after"]) == ("flagged", None)
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_flagged")
    assert "请人工核实" in notice["message_zh"]
    assert await _ledger_states(tenant, release_id) == ["pending"]
    assert await _poll(services, tenant, now() + timedelta(days=5)) == []


async def test_polling_stops_once_a_callback_settled_the_publication(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release_id = await _pending_publication(desk, loopback, services)
    [post] = loopback.posts_for(release_id)
    async with tenant_transaction(tenant):
        report = StatusReport(state=PublicationState.PUBLISHED)
        await record_status_change(tenant, "loopback", {"post_id": post["id"]}, report, "callback")

    assert await _poll(services, tenant, later(2)) == ["settled"]
    assert await _ledger_states(tenant, release_id) == ["pending", "published"]


async def test_a_published_receipt_is_never_polled(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    await install_loopback(desk, loopback)
    release_id = uuid_of((await ready_release(desk))["id"])
    assert await deliver_all(services, desk.wu.unit.id, await relay(desk.wu.unit.id)) == ["delivered"]

    [row] = await outbox_rows(desk.wu.unit.id, release_id)
    assert row["poll_after"] is None
    assert await _poll(services, desk.wu.unit.id, later(60)) == []


async def test_another_unit_polls_none_of_the_units_publications(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory
) -> None:
    release_id = await _pending_publication(desk, loopback, services)
    other = await make_workflow_unit(units)

    assert await _poll(services, other.unit.id, later(2)) == []
    assert await _ledger_states(other.unit.id, release_id) == []
    assert await _poll(services, desk.wu.unit.id, later(2)) == ["pending"]


def test_the_wait_between_polls_doubles_up_to_an_hour() -> None:
    assert [poll_interval(n) for n in (0, 1, 2, 5, 6, 100)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=32),
        timedelta(hours=1), timedelta(hours=1),
    ]


async def test_the_operator_sets_how_often_and_how_long_pending_receipts_are_polled(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    settings = services.settings.model_copy(
        update={"publishing_poll_first_minutes": 10, "publishing_poll_max_minutes": 15, "publishing_pending_max_days": 1}
    )
    rules = PollingRules.from_settings(settings)
    await install_loopback(desk, loopback)
    loopback.review = True
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    ring = key_ring(services.settings)
    [outbox_id] = await relay(tenant)
    assert await deliver(channels(services), ring, tenant, outbox_id, polling=rules) == "delivered"

    [row] = await outbox_rows(tenant, release_id)
    assert later(9) < row["poll_after"] < later(11)  # the first wait
    assert await poll_tenant(channels(services), ring, tenant, later(11), rules) == ["pending"]
    [row] = await outbox_rows(tenant, release_id)
    assert later(25) < row["poll_after"] < later(27)  # doubled, but at most 15 minutes
    assert await poll_tenant(channels(services), ring, tenant, now() + timedelta(days=1, minutes=30), rules) == ["flagged"]
    [row] = await outbox_rows(tenant, release_id)
    assert "1 天" in row["last_error"]


def test_the_longest_wait_between_polls_may_not_be_shorter_than_the_first() -> None:
    with pytest.raises(ValidationError, match="FABU_PUBLISHING_POLL_MAX_MINUTES"):
        Settings(publishing_poll_first_minutes=30, publishing_poll_max_minutes=10)
    assert PollingRules.from_settings(Settings()) == DEFAULT_POLLING


async def test_a_unit_whose_poll_breaks_holds_back_no_other_unit(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = await _pending_publication(desk, loopback, services)
    other = Desk(gql, units, await make_workflow_unit(units))
    working = await _pending_publication(other, loopback, services)
    for release_id in (broken, working):
        [post] = loopback.posts_for(release_id)
        loopback.approve(post["id"])
    answer = LoopbackChannel.status

    async def garbled(self: LoopbackChannel, ctx: Any, ref: Any) -> Any:
        # A plugin answering outside its contract, for the first unit only.
        return None if ctx.tenant_id == desk.wu.unit.id else await answer(self, ctx, ref)

    monkeypatch.setattr(LoopbackChannel, "status", garbled)

    await poll_all(channels(services), key_ring(services.settings), later(2))

    assert await _ledger_states(other.wu.unit.id, working) == ["pending", "published"]
    assert await _ledger_states(desk.wu.unit.id, broken) == ["pending"]
