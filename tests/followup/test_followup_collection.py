"""The daily follow-up: reach and new comments of live publications, kept per unit, within the channel's limits."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from fabu.channels.api import Capability, RateLimit
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.followup.collection import CollectionRun, collect_tenant
from fabu.jobs.worker import cron_jobs
from fabu.publishing.plugins import key_ring
from fabu.publishing.throttle import take_budget_lock
from fabu.services import Services
from fabu_loopback import Fault, LoopbackChannel, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import channels, deliver_all, install_loopback, now, ready_release, relay, uuid_of
from workflow.workflow_support import Desk, make_workflow_unit

DAYS = 30
REACH = """query($id: ID!) { node(id: $id) { ... on Release { reach { channel views likes shares comments measuredAt } } } }"""
COMMENTS = """query($id: ID!, $after: String) { publicComments(releaseId: $id, first: 2, after: $after) {
    nodes { channel externalId author text createdAt } pageInfo { hasNextPage endCursor } } }"""


async def published(desk: Desk, loopback: LoopbackServer, services: Services) -> tuple[dict[str, Any], str]:
    """A release published on the loopback channel, and the channel's post id."""
    release = await ready_release(desk)
    tenant = desk.wu.unit.id
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    [post] = loopback.posts_for(uuid_of(release["id"]))
    return release, post["id"]


async def collect(services: Services, tenant: UUID, days_later: int = 0) -> CollectionRun:
    return await collect_tenant(channels(services), key_ring(services.settings), tenant, now() + timedelta(days=days_later), DAYS)


ORDER = {"publication_metrics": "collected_at", "public_comments": "created_at"}


async def kept(tenant: UUID, table: str) -> list[dict[str, Any]]:
    """The unit's rows of a follow-up table, oldest first."""
    async with tenant_transaction(tenant):
        return await DB.fetch(f"select * from {table} order by {ORDER[table]}")


async def test_reach_gets_a_history_and_each_comment_is_kept_once(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    _, post = await published(desk, loopback, services)
    tenant = desk.wu.unit.id
    loopback.set_metrics(post, views=120, likes=7, shares=3, comments=2)
    loopback.add_comment(post, "市民甲", "请问申报截止到哪天？")
    loopback.add_comment(post, "市民乙", "已转发给同事。")

    first = await collect(services, tenant)
    loopback.set_metrics(post, views=150, comments=3)
    loopback.add_comment(post, "市民丙", "材料清单在哪里下载？")
    second = await collect(services, tenant, days_later=1)

    assert (first.followed, first.metrics, first.comments, first.failed) == (1, 1, 2, [])
    assert (second.followed, second.metrics, second.comments, second.failed) == (1, 1, 1, [])
    assert [(row["views"], row["likes"]) for row in await kept(tenant, "publication_metrics")] == [(120, 7), (150, 7)]
    assert [row["author"] for row in await kept(tenant, "public_comments")] == ["市民甲", "市民乙", "市民丙"]
    async with tenant_transaction(tenant):
        reads = await DB.fetch("select capability from channel_reads order by made_at")
    assert sorted(row["capability"] for row in reads) == ["feedback", "feedback", "metrics", "metrics"]  # counted for the limits


async def test_a_release_shows_its_latest_reach_and_its_comments_page_by_page(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    release, post = await published(desk, loopback, services)
    loopback.set_metrics(post, views=10, likes=1, shares=0, comments=3)
    await collect(services, desk.wu.unit.id)
    loopback.set_metrics(post, views=42)
    for number in range(3):
        loopback.add_comment(post, f"读者{number}", f"第{number}条留言")
    await collect(services, desk.wu.unit.id, days_later=1)
    token = await desk.token("publisher")

    node = (await desk.gql.data(REACH, {"id": release["id"]}, token=token))["node"]
    page = (await desk.gql.data(COMMENTS, {"id": release["id"]}, token=token))["publicComments"]
    rest = (await desk.gql.data(COMMENTS, {"id": release["id"], "after": page["pageInfo"]["endCursor"]}, token=token))["publicComments"]

    assert [(r["channel"], r["views"], r["likes"], r["shares"], r["comments"]) for r in node["reach"]] == [("loopback", 42, 1, 0, 3)]
    assert [c["author"] for c in page["nodes"]] == ["读者0", "读者1"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert [(c["author"], c["text"], c["channel"]) for c in rest["nodes"]] == [("读者2", "第2条留言", "loopback")]


async def test_only_live_publications_of_the_last_days_are_followed(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    await desk.create(title="尚在起草的稿件", channels=["loopback"])  # never published: nothing to follow
    await published(desk, loopback, services)
    tenant = desk.wu.unit.id

    assert (await collect(services, tenant)).followed == 1
    assert (await collect(services, tenant, days_later=DAYS + 1)).followed == 0  # followed for 30 days, then left alone


async def test_another_unit_neither_sees_nor_collects_a_units_follow_up(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory
) -> None:
    await install_loopback(desk, loopback)
    release, post = await published(desk, loopback, services)
    loopback.set_metrics(post, views=5)
    loopback.add_comment(post, "市民", "好")
    await collect(services, desk.wu.unit.id)
    other = Desk(gql, units, await make_workflow_unit(units))
    await install_loopback(other, loopback)
    token = await other.token("publisher")

    stranger = await collect(services, other.wu.unit.id)
    node = (await gql.data(REACH, {"id": release["id"]}, token=token))["node"]
    comments = (await gql.data(COMMENTS, {"id": release["id"]}, token=token))["publicComments"]

    assert (stranger.followed, stranger.metrics, stranger.comments) == (0, 0, 0)
    assert node is None
    assert comments["nodes"] == []
    assert await kept(other.wu.unit.id, "publication_metrics") == []
    assert len(await kept(desk.wu.unit.id, "public_comments")) == 1


async def test_a_spent_metrics_window_waits_for_the_next_run_and_a_status_limit_is_not_drawn_on(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = (RateLimit(1, 3600.0, Capability.METRICS), RateLimit(1, 3600.0, Capability.STATUS))
    monkeypatch.setattr(LoopbackChannel, "limits", dataclasses.replace(LoopbackChannel.limits, rate_limits=limits))
    await install_loopback(desk, loopback)
    await published(desk, loopback, services)
    tenant = desk.wu.unit.id

    first = await collect(services, tenant)
    again = await collect(services, tenant)

    assert (first.metrics, first.throttled) == (1, 0)
    assert (again.metrics, again.throttled) == (0, 1)  # the window allows one reading an hour
    assert len(await kept(tenant, "publication_metrics")) == 1


async def test_a_failing_channel_keeps_nothing_and_refused_credentials_pause_it(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    _, post = await published(desk, loopback, services)
    tenant = desk.wu.unit.id
    loopback.set_metrics(post, views=9)
    loopback.fail_next(Fault.RETRYABLE, method="GET", path=f"/v1/posts/{post}/metrics")

    busy = await collect(services, tenant)
    loopback.fail_next(Fault.AUTH, method="GET", path=f"/v1/posts/{post}/metrics")
    refused = await collect(services, tenant)
    paused = await collect(services, tenant)

    assert (busy.metrics, len(busy.failed)) == (0, 1)
    assert refused.metrics == 0
    assert len(refused.failed) == 1  # paused by the metrics call: its comments were not asked for with the refused token
    assert paused.followed == 0  # a paused channel is left alone until its admin renews the credentials
    async with tenant_transaction(tenant):
        installation = await DB.fetchrow("select paused_at from channel_installations where channel = 'loopback'")
    assert installation is not None
    assert installation["paused_at"] is not None
    assert await kept(tenant, "publication_metrics") == []


def test_the_worker_collects_the_follow_up_every_morning() -> None:
    [collecting] = [job for job in cron_jobs() if job.name == "cron:collect_followup"]
    assert (collecting.hour, collecting.minute) == ({1}, {30})


async def test_a_budget_taken_for_a_moment_is_waited_for_not_put_off_to_tomorrow(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    await published(desk, loopback, services)
    tenant = desk.wu.unit.id
    taken, release = asyncio.Event(), asyncio.Event()

    async def relay_holding_the_budget() -> None:
        async with tenant_transaction(tenant):
            assert await take_budget_lock()
            taken.set()
            await release.wait()

    holder = asyncio.create_task(relay_holding_the_budget())
    await taken.wait()
    collecting = asyncio.create_task(collect(services, tenant))
    await asyncio.sleep(0.5)  # the collection meets the taken budget and waits
    release.set()
    await holder
    run = await collecting

    assert (run.metrics, run.throttled) == (1, 0)


async def test_comments_of_the_same_second_are_paged_without_a_gap(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    release, post = await published(desk, loopback, services)
    same_second = now().replace(microsecond=0)
    for number in range(5):
        loopback.add_comment(post, f"读者{number}", "同一秒的留言", created_at=same_second)
    await collect(services, desk.wu.unit.id)
    token = await desk.token("publisher")

    seen, after = [], None
    while True:
        page = (await desk.gql.data(COMMENTS, {"id": release["id"], "after": after}, token=token))["publicComments"]
        seen += [comment["author"] for comment in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert sorted(seen) == [f"读者{number}" for number in range(5)]
