"""A READY release reaches its channels exactly once, through the outbox, the relay and the delivery job."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from fabu.channels.context import open_context
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.delivery import MAX_STATUS_READS
from fabu.publishing.installations import channel_config
from fabu.publishing.jobs import deliver_publication
from fabu.publishing.plugins import key_ring, plugin
from fabu.publishing.snapshot import build_snapshot
from fabu.services import Services
from fabu_loopback import Fault, LoopbackServer
from publishing.publishing_support import (
    ENABLE,
    attempts,
    crashed_attempt,
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
from workflow.workflow_support import Desk


async def test_a_ready_release_is_published_once_and_entered_in_the_ledger(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release = await ready_release(desk)
    release_id = uuid_of(release["id"])

    [row] = await outbox_rows(tenant, release_id)
    assert (row["channel"], row["status"], row["order_rank"], row["version_number"]) == ("loopback", "pending", 1, 1)
    claimed = await relay(tenant)
    assert claimed == [row["id"]]
    status = await deliver_publication({"services": services}, str(tenant), str(row["id"]))

    assert status == "delivered"
    assert loopback.post_count(release_id) == 1
    [post] = loopback.posts_for(release_id)
    async with tenant_transaction(tenant):
        [entry] = await DB.fetch("select * from publication_ledger where release_id = $1", release_id)
    assert entry["channel"] == "loopback"
    assert entry["url"] == post["url"]
    assert '"post_id": "' + post["id"] + '"' in entry["external_ids"]
    assert entry["content_sha256"] == release["currentVersion"]["sha256"]
    assert entry["approvers"] == ["reviewer-姓名", "office-姓名"]
    [attempt] = await attempts(tenant, row["id"])
    assert (attempt["number"], attempt["outcome"]) == (1, "published")

    # The job running again (arq is at-least-once) and the relay running again publish nothing more.
    assert await deliver_publication({"services": services}, str(tenant), str(row["id"])) == "skipped"
    assert await relay(tenant, later(60)) == []
    assert loopback.post_count(release_id) == 1


async def test_nothing_is_published_for_a_release_that_is_not_ready(desk: Desk, loopback: LoopbackServer) -> None:
    await install_loopback(desk, loopback)
    release = await desk.create(channels=["loopback"])
    await desk.submit(release["id"])
    await desk.ok("reviewer", release["id"])

    assert await outbox_rows(desk.wu.unit.id, uuid_of(release["id"])) == []
    assert await relay(desk.wu.unit.id, later(60)) == []
    assert loopback.post_count(uuid_of(release["id"])) == 0


async def test_a_disabled_or_untargeted_channel_gets_no_outbox_row(desk: Desk, loopback: LoopbackServer) -> None:
    await install_loopback(desk, loopback, enabled=False)

    disabled = await ready_release(desk)
    untargeted = await ready_release(desk, channels=())

    assert await outbox_rows(desk.wu.unit.id, uuid_of(disabled["id"])) == []
    assert await outbox_rows(desk.wu.unit.id, uuid_of(untargeted["id"])) == []


async def test_a_busy_channel_is_retried_after_the_time_it_asked_for(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    loopback.fail_next(Fault.RETRYABLE, retry_after=120)

    before = now()
    assert await deliver_all(services, tenant, await relay(tenant)) == ["pending"]
    [row] = await outbox_rows(tenant, release_id)
    assert row["status"] == "pending"
    assert before + timedelta(seconds=115) < row["not_before"] < now() + timedelta(seconds=125)
    assert "busy" in row["last_error"]
    assert await relay(tenant) == []  # not due yet

    assert await deliver_all(services, tenant, await relay(tenant, later(3))) == ["delivered"]
    assert loopback.post_count(release_id) == 1
    assert [a["outcome"] for a in await attempts(tenant, row["id"])] == ["retryable", "published"]


async def test_a_refusal_fails_the_delivery_and_tells_the_publishers_in_the_channels_words(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    loopback.fail_next(Fault.TERMINAL)

    assert await deliver_all(services, tenant, await relay(tenant)) == ["failed"]

    [row] = await outbox_rows(tenant, release_id)
    assert row["status"] == "failed"
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_failed")
    assert "content_rejected" in notice["message_zh"]
    assert "内容含有不允许发布的信息" in notice["message_zh"]
    assert "回环测试渠道" in notice["message_zh"]
    assert await relay(tenant, later(60)) == []  # never retried
    assert loopback.post_count(release_id) == 0


async def test_a_timeout_after_the_channel_accepted_is_reconciled_through_status_not_repeated(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    loopback.fail_next(Fault.STALL, delay=2.0)

    statuses = await deliver_all(services, tenant, await relay(tenant), read_timeout=0.5)

    assert statuses == ["delivered"]
    assert loopback.post_count(release_id) == 1
    [row] = await outbox_rows(tenant, release_id)
    [attempt] = await attempts(tenant, row["id"])
    [post] = loopback.posts_for(release_id)
    assert attempt["outcome"] == "published"
    assert attempt["url"] == post["url"]
    async with tenant_transaction(tenant):
        [entry] = await DB.fetch("select * from publication_ledger where release_id = $1", release_id)
    assert entry["url"] == post["url"]


async def test_an_attempt_left_without_outcome_by_a_crash_is_reconciled_not_repeated(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    [outbox_id] = await relay(tenant)
    # A worker recorded its attempt, the channel accepted the post, and the worker died before recording the outcome.
    await _crash_after_posting(services, tenant, outbox_id, release_id, posts=1, claimed=True)

    restarted = await relay(tenant)  # the reconciler hands the stalled claim out again

    assert restarted == [outbox_id]
    assert await deliver_all(services, tenant, restarted) == ["delivered"]
    assert loopback.post_count(release_id) == 1
    assert [a["outcome"] for a in await attempts(tenant, outbox_id)] == ["published"]


async def test_a_lost_post_found_missing_by_status_is_published_again(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    [outbox_id] = await relay(tenant)
    async with tenant_transaction(tenant):
        await crashed_attempt(tenant, outbox_id)

    assert await deliver_all(services, tenant, [outbox_id]) == ["pending"]
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]

    assert loopback.post_count(release_id) == 1
    assert [a["outcome"] for a in await attempts(tenant, outbox_id)] == ["not_found", "published"]


async def test_an_outcome_status_cannot_settle_is_flagged_for_a_person(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    [outbox_id] = await relay(tenant)
    # Two posts for one release: the channel cannot say which is ours.
    await _crash_after_posting(services, tenant, outbox_id, release_id, posts=2)

    assert await deliver_all(services, tenant, [outbox_id]) == ["flagged"]

    assert loopback.post_count(release_id) == 2  # nothing more was posted
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_flagged")
    assert "请人工核实" in notice["message_zh"]
    assert await relay(tenant, later(60)) == []


class _NoMedia:
    async def read(self, key: str) -> bytes:
        raise KeyError(key)


async def _crash_after_posting(
    services: Services, tenant: UUID, outbox_id: UUID, release_id: UUID, *, posts: int, claimed: bool = False
) -> None:
    """Leave a crashed attempt whose call reached the channel: ``posts`` posts of the release are up."""
    async with tenant_transaction(tenant):
        await crashed_attempt(tenant, outbox_id, claimed=claimed)
        config = await channel_config(tenant, key_ring(services.settings), "loopback")
        release = await build_snapshot(tenant, release_id, 1)
    async with open_context(tenant_id=tenant, config=config, media=_NoMedia(), channel="loopback") as ctx:
        for _ in range(posts):
            await plugin("loopback").publish(ctx, release)


async def test_switching_a_channel_off_holds_its_waiting_publications_until_it_is_switched_on(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    admin = await desk.token("admin")
    waiting = uuid_of((await ready_release(desk))["id"])
    handed_out = uuid_of((await ready_release(desk))["id"])
    [claimed] = [row["id"] for row in await outbox_rows(tenant, handed_out)]
    await desk.gql.data(ENABLE, {"input": {"channel": "loopback", "enabled": False}}, token=admin)

    assert await relay(tenant, later(60)) == []
    # A row handed out just before the switch goes back to waiting instead of out.
    async with tenant_transaction(tenant):
        await DB.fetch("update publication_outbox set status = 'claimed', claimed_at = now() where id = $1", claimed)
    assert await deliver_all(services, tenant, [claimed]) == ["disabled"]
    assert loopback.post_count(waiting) == loopback.post_count(handed_out) == 0

    await desk.gql.data(ENABLE, {"input": {"channel": "loopback", "enabled": True}}, token=admin)
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered", "delivered"]
    assert loopback.post_count(waiting) == loopback.post_count(handed_out) == 1


async def test_an_outcome_the_channel_never_manages_to_report_is_flagged_for_a_person_not_retried_forever(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    loopback.fail_next(Fault.ERROR_AFTER_ACCEPT)  # the post is made, the answer lost: the outcome is unknown
    loopback.fail_next(Fault.RETRYABLE, method="GET", path="/v1/posts", times=100)  # and status keeps failing

    statuses = await deliver_all(services, tenant, await relay(tenant))
    for hours in range(1, 12):
        if statuses[-1:] == ["flagged"]:
            break
        statuses += await deliver_all(services, tenant, await relay(tenant, now() + timedelta(hours=hours)))

    assert statuses == ["pending"] * (MAX_STATUS_READS - 1) + ["flagged"]
    [row] = await outbox_rows(tenant, release_id)
    assert (row["status"], row["attempts"]) == ("flagged", 1)  # one call, never repeated
    assert loopback.post_count(release_id) == 1
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_flagged")
    assert "请人工核实" in notice["message_zh"]
