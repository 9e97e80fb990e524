"""One release to the portal, WeChat, Weibo and the bulletin board, end to end.

The unit installs the four channels (portal and bulletin writing to local directories, WeChat and
Weibo pointed at their plugins' fake servers), a release with the four channels goes through the
standard workflow to READY over GraphQL, and the relay and the delivery jobs run until nothing is
left: the portal first, then the three channels linking to its page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing import install_channel
from fabu.publishing.plugins import key_ring
from fabu.services import Services
from fabu_wechat.testing.fake import AES_KEY, APP_ID, APP_SECRET, CALLBACK_TOKEN, FakeWeChat
from fabu_weibo.testing.fake import TOKEN, FakeWeibo
from factories import UnitFactory
from publishing.publishing_support import LEDGER, deliver_all, relay, uuid_of
from releases.releases_support import Drafting, png_bytes
from workflow.workflow_support import Desk, make_workflow_unit

CHANNELS = ("portal", "wechat", "weibo", "bulletin")
SITE_URL = "https://www.example.gov.cn/"
TITLE = "关于开展2026年度营商环境评价工作的通知"


def real_time() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def wechat() -> Iterator[FakeWeChat]:
    with FakeWeChat(clock=real_time) as server:
        yield server


@pytest.fixture
def weibo() -> Iterator[FakeWeibo]:
    with FakeWeibo(clock=real_time) as server:
        yield server


async def install_four(desk: Desk, services: Services, sites: Path, wechat: FakeWeChat, weibo: FakeWeibo) -> None:
    """The four channels, installed through the installations service (secrets sealed at rest)."""
    tenant = desk.wu.unit.id
    configs: dict[str, dict[str, Any]] = {
        "portal": {"site_name": "测试单位门户网站", "site_url": SITE_URL, "directory": str(sites / "portal")},
        "wechat": {
            "base_url": wechat.base_url, "app_id": APP_ID, "app_secret": APP_SECRET,
            "callback_token": CALLBACK_TOKEN, "encoding_aes_key": AES_KEY,
        },
        "weibo": {"base_url": weibo.base_url, "access_token": TOKEN, "safe_domains": ["www.example.gov.cn"]},
        "bulletin": {"unit_name": "测试单位办公室", "directory": str(sites / "bulletin")},
    }  # fmt: skip
    async with tenant_transaction(tenant):
        for channel, config in configs.items():
            await install_channel(tenant, key_ring(services.settings), channel, config)
        sealed = await DB.fetch("select channel, config::text as config, secrets::text as secrets from channel_installations")
    by_channel = {row["channel"]: row for row in sealed}
    assert set(by_channel) == set(CHANNELS)
    # The secrets are sealed: neither the plain config nor the envelopes hold them in clear.
    for secret in (APP_SECRET, CALLBACK_TOKEN, AES_KEY):
        assert secret not in by_channel["wechat"]["config"] + by_channel["wechat"]["secrets"]
    assert TOKEN not in by_channel["weibo"]["config"] + by_channel["weibo"]["secrets"]


async def ready_with_cover(desk: Desk) -> str:
    """A release for the four channels with an image (WeChat's cover), approved to READY; its global id."""
    drafting = Drafting(desk.gql, desk.wu.unit, await desk.token("drafter"))
    release = await drafting.created(
        title=TITLE,
        leadDepartmentId=desk.wu.department("policy"),
        bodyHtml="<p>根据省政府统一部署，现就有关事项通知如下。</p><p>请各部门认真贯彻落实。</p>",
        categoryId=desk.wu.categories["工作动态"],
        importance="ROUTINE",
        sensitivity="NORMAL",
        channels=list(CHANNELS),
    )
    attached = await drafting.attach(release, "封面.png", png_bytes())
    assert attached["errors"] == [], attached
    assert (await desk.submit(release["id"]))["errors"] == []
    await desk.ok("reviewer", release["id"], opinion="内容真实准确，同意报送。")
    await desk.ok("office", release["id"], opinion="符合发布计划，同意。")
    await desk.ok("reviewer", release["id"], opinion="同意发布。")
    done = await desk.confirm(release["id"])
    assert done["status"] == "ready"
    global_id: str = release["id"]
    return global_id


async def run_until_done(services: Services, tenant: UUID) -> list[list[tuple[str, str]]]:
    """Relay and deliver round after round until nothing is due; each round's (channel, status)."""
    rounds: list[list[tuple[str, str]]] = []
    for _ in range(5):
        claimed = await relay(tenant)
        if not claimed:
            return rounds
        statuses = await deliver_all(services, tenant, claimed)
        async with tenant_transaction(tenant):
            rows = await DB.fetch("select id, channel from publication_outbox where id = any($1::uuid[])", claimed)
        channel_of = {row["id"]: row["channel"] for row in rows}
        rounds.append(sorted((channel_of[outbox_id], status) for outbox_id, status in zip(claimed, statuses, strict=True)))
    raise AssertionError(f"the outbox never drained: {rounds}")


def files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


async def publish_to_four(desk: Desk, services: Services, sites: Path, wechat: FakeWeChat, weibo: FakeWeibo) -> UUID:
    """Install the four channels, drive a release for them to READY and deliver it; the release's id."""
    await install_four(desk, services, sites, wechat, weibo)
    release_id = uuid_of(await ready_with_cover(desk))
    rounds = await run_until_done(services, desk.wu.unit.id)
    # The portal alone first; the three linking channels only once the portal's row is delivered.
    assert rounds == [[("portal", "delivered")], [("bulletin", "delivered"), ("wechat", "delivered"), ("weibo", "delivered")]]
    return release_id


async def test_one_release_reaches_the_four_channels_portal_first(
    desk: Desk, services: Services, units: UnitFactory, wechat: FakeWeChat, weibo: FakeWeibo, tmp_path: Path
) -> None:
    tenant = desk.wu.unit.id
    release_id = await publish_to_four(desk, services, tmp_path, wechat, weibo)

    async with tenant_transaction(tenant):
        ledger = await DB.fetch(
            "select * from publication_ledger where release_id = $1 order by recorded_at, channel", release_id
        )
        outbox = await DB.fetch("select channel, status, attempts from publication_outbox where release_id = $1", release_id)
    assert {(row["channel"], row["status"], row["attempts"]) for row in outbox} == {(c, "delivered", 1) for c in CHANNELS}
    assert ledger[0]["channel"] == "portal"
    assert sorted(row["channel"] for row in ledger) == sorted(CHANNELS)  # one entry per channel
    entries = {row["channel"]: row for row in ledger}
    assert all(entries["portal"]["recorded_at"] < entries[c]["recorded_at"] for c in ("wechat", "weibo", "bulletin"))
    assert {(row["version_number"], row["title"]) for row in ledger} == {(ledger[0]["version_number"], TITLE)}

    def ids(channel: str) -> dict[str, str]:
        found: dict[str, str] = json.loads(entries[channel]["external_ids"])
        return found

    # Portal: its page, under the configured site URL.
    portal_page = f"articles/{release_id}.html"
    portal_url = SITE_URL + portal_page
    assert entries["portal"]["state"] == "published"
    assert ids("portal") == {"path": portal_page}
    assert entries["portal"]["url"] == portal_url
    portal_root = tmp_path / "portal" / str(tenant)
    page = (portal_root / portal_page).read_text(encoding="utf-8")
    assert TITLE in page
    assert files_under(portal_root / "articles") == {f"{release_id}.html"}  # exactly one article page

    # WeChat: freepublish/submit only queues a job, so the delivery records the pending receipt with
    # the job's ids (no article id, no URL yet): the job is still "publishing" on the fake.
    assert entries["wechat"]["state"] == "pending"
    wechat_ids = ids("wechat")
    assert set(wechat_ids) == {"publish_id", "msg_data_id", "draft_media_id", "submitted_on"}
    assert entries["wechat"]["url"] is None
    assert wechat.calls_to("/cgi-bin/freepublish/submit") == 1
    assert list(wechat.state.jobs) == [wechat_ids["publish_id"]]
    job = wechat.state.jobs[wechat_ids["publish_id"]]
    assert job.msg_data_id == wechat_ids["msg_data_id"]
    assert job.status == 1  # still publishing: nothing published yet
    assert job.article_id == ""
    assert job.article["title"] == TITLE
    assert portal_url in job.article.get("content_source_url", "") + job.article.get("content", "")
    assert wechat.published() == []

    # Weibo: one post, whose text carries the portal page's URL.
    assert entries["weibo"]["state"] == "published"
    weibo_ids = ids("weibo")
    assert list(weibo.state.statuses) == [weibo_ids["id"]]
    post = weibo.state.statuses[weibo_ids["id"]]
    assert portal_url in post["_raw_text"]
    assert entries["weibo"]["url"] == f"https://weibo.com/{weibo_ids['uid']}/{weibo_ids['id']}"
    assert weibo_ids["uid"] == weibo.state.uid

    # Bulletin: one notice (its A4 and A3 PDFs), listed in the feed with the portal page as its link.
    bulletin_root = tmp_path / "bulletin" / str(tenant) / "bulletin"
    assert entries["bulletin"]["state"] == "published"
    assert ids("bulletin") == {"notice": str(release_id)}
    assert entries["bulletin"]["url"] == f"http://127.0.0.1:8000/sites/{tenant}/bulletin/notices/{release_id}/notice-a4.pdf"
    assert {name for name in files_under(bulletin_root) if name.startswith("notices/")} == {
        f"notices/{release_id}/notice-a4.pdf", f"notices/{release_id}/notice-a3.pdf",
    }  # fmt: skip
    feed = json.loads((bulletin_root / "notices.json").read_text(encoding="utf-8"))
    assert [(item["id"], item["title"], item["url"]) for item in feed["items"]] == [(str(release_id), TITLE, portal_url)]

    # Through GraphQL the unit sees its four entries; another unit sees none.
    seen = await desk.gql.data(LEDGER, {}, token=await desk.token("admin"))
    assert sorted(node["channel"] for node in seen["publicationLedger"]["nodes"]) == sorted(CHANNELS)
    other = Desk(desk.gql, units, await make_workflow_unit(units))
    assert (await other.gql.data(LEDGER, {}, token=await other.token("admin")))["publicationLedger"]["nodes"] == []
    async with tenant_transaction(other.wu.unit.id):
        assert await DB.fetch("select * from publication_ledger") == []


async def test_the_dev_site_route_serves_the_portal_pages(
    desk: Desk, services: Services, units: UnitFactory, client: AsyncClient, wechat: FakeWeChat, weibo: FakeWeibo,
    tmp_path: Path,
) -> None:
    release_id = await publish_to_four(desk, services, tmp_path, wechat, weibo)
    code = desk.wu.unit.code

    page = await client.get(f"/sites/{code}/articles/{release_id}.html")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["content-security-policy"] == "default-src 'self'; img-src 'self' data:"
    assert TITLE in page.text
    assert page.content == (tmp_path / "portal" / str(desk.wu.unit.id) / "articles" / f"{release_id}.html").read_bytes()

    home = await client.get(f"/sites/{code}/")
    assert home.status_code == 200
    assert TITLE in home.text  # the home page lists the new article
    redirect = await client.get(f"/sites/{code}", follow_redirects=False)
    assert redirect.status_code in (301, 302, 307, 308)
    assert redirect.headers["location"] == f"/sites/{code}/"
    by_id = await client.get(f"/sites/{desk.wu.unit.id}/articles/{release_id}.html")
    assert by_id.content == page.content  # the portal's default public address names the unit by id
    feed = await client.get(f"/sites/{code}/feed.xml")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/rss+xml")

    # 404: a page that does not exist, the plugin's private records, a path escaping the site,
    # an unknown unit, and a unit without a portal installation.
    other = await make_workflow_unit(units)
    for missing in (
        f"/sites/{code}/articles/{UUID(int=1)}.html",
        f"/sites/{code}/_fabu/manifest.json",
        f"/sites/{code}/articles/..%2F..%2Fsecrets",
        f"/sites/no-such-unit-{code}/",
        f"/sites/no-such-unit-{code}/articles/{release_id}.html",
        f"/sites/{other.unit.code}/",
        f"/sites/{other.unit.code}/articles/{release_id}.html",
        f"/sites/{other.unit.id}/articles/{release_id}.html",
        f"/sites/{UUID(int=7)}/",
    ):
        assert (await client.get(missing)).status_code == 404, missing


async def test_wechat_pushes_reach_the_plugin_through_the_callback_route(
    desk: Desk, services: Services, units: UnitFactory, client: AsyncClient, wechat: FakeWeChat, weibo: FakeWeibo,
    tmp_path: Path,
) -> None:
    release_id = await publish_to_four(desk, services, tmp_path, wechat, weibo)
    code = desk.wu.unit.code
    url = f"/channels/{code}/wechat/callback"

    # WeChat's URL check: the echo when the signature holds, 403 when it does not.
    check = wechat.url_check("echo-7f3a")
    answer = await client.get(url, params=check)
    assert (answer.status_code, answer.text) == (200, "echo-7f3a")
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    forged = await client.get(url, params={**check, "signature": "0" * 40})
    assert forged.status_code == 403
    assert "echo-7f3a" not in forged.text
    tampered = await client.get(url, params={**check, "nonce": check["nonce"] + "1"})
    assert tampered.status_code == 403

    # The publish job ends and WeChat pushes PUBLISHJOBFINISH, plain and in safe mode: "success".
    async with tenant_transaction(desk.wu.unit.id):
        ledger = await DB.fetchrow("select external_ids from publication_ledger where channel = 'wechat' and release_id = $1", release_id)
    assert ledger is not None
    publish_id = json.loads(ledger["external_ids"])["publish_id"]
    wechat.finish_jobs()
    for encrypted in (False, True):
        query, body = wechat.publish_push(publish_id, encrypted=encrypted)
        pushed = await client.post(url, params=query, content=body, headers={"content-type": "text/xml"})
        assert (pushed.status_code, pushed.text) == (200, "success")
    query, body = wechat.publish_push(publish_id)
    refused = await client.post(url, params={**query, "signature": "0" * 40}, content=body)
    assert refused.status_code == 403

    # The push that reported success is a ledger entry of its own; the repeated push added nothing.
    async with tenant_transaction(desk.wu.unit.id):
        entries = await DB.fetch(
            "select state, url, external_ids from publication_ledger where channel = 'wechat' and release_id = $1 order by recorded_at",
            release_id,
        )
    assert [entry["state"] for entry in entries] == ["pending", "published"]
    assert json.loads(entries[1]["external_ids"])["publish_id"] == publish_id
    assert entries[1]["url"]

    # 404: an unknown unit, a channel without callbacks, a unit without WeChat, an unknown channel.
    other = await make_workflow_unit(units)
    for missing in (
        f"/channels/no-such-unit-{code}/wechat/callback",
        f"/channels/{code}/portal/callback",
        f"/channels/{other.unit.code}/wechat/callback",
        f"/channels/{code}/no-such-channel/callback",
    ):
        assert (await client.get(missing, params=check)).status_code == 404, missing
