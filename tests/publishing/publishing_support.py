"""Helpers for publishing tests: a loopback channel installed for a unit, releases driven to READY,
the relay run against a recording queue and deliveries run directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from strawberry.relay import from_base64

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.calls import Channels
from fabu.publishing.delivery import deliver
from fabu.publishing.installations import install_channel
from fabu.publishing.plugins import key_ring
from fabu.publishing.relay import relay_tenant
from fabu.services import Services
from fabu_loopback import LoopbackServer
from fabu_weibo.testing.fake import TOKEN, FakeWeibo
from releases.releases_support import Drafting
from workflow.workflow_support import UPDATE, Desk

API_KEY = "loopback-publishing-key"

INSTALL = """mutation($input: InstallChannelInput!) { installChannel(input: $input) {
  installation { id channel enabled config displayName capabilities configSchema secretFields }
  errors { field code message } } }"""
CONFIGURE = """mutation($input: ConfigureChannelInput!) { configureChannel(input: $input) {
  installation { channel config } errors { field code message } } }"""
ENABLE = """mutation($input: SetChannelEnabledInput!) { setChannelEnabled(input: $input) {
  installation { channel enabled } errors { field code message } } }"""
CHANNELS = "{ channels { channel enabled config displayName displayNameEn capabilities configSchema secretFields } }"
LEDGER = """query($channel: String) { publicationLedger(first: 10, channel: $channel) { nodes {
  channel state title approvers contentSha256 externalIds url versionNumber } } }"""
LEDGER_CSV = "{ publicationLedgerCsv }"
LEDGER_XLSX = "{ publicationLedgerXlsx }"


@dataclass
class RecordingQueue:
    """Stands in for arq's queue: records the jobs the relay enqueues, with their job ids."""

    jobs: list[tuple[str, tuple[Any, ...], str | None]] = field(default_factory=list)

    async def enqueue_job(self, function: str, *args: Any, _job_id: str | None = None) -> Any:
        self.jobs.append((function, args, _job_id))
        return None


def now() -> datetime:
    return datetime.now(UTC)


def uuid_of(global_id: str) -> UUID:
    return UUID(from_base64(global_id)[1])


async def install_loopback(desk: Desk, server: LoopbackServer, **extra: Any) -> dict[str, Any]:
    config = {"base_url": server.base_url, "api_key": API_KEY}
    data = await desk.gql.data(INSTALL, {"input": {"channel": "loopback", "config": config, **extra}}, token=await desk.token("admin"))
    payload: dict[str, Any] = data["installChannel"]
    assert payload["errors"] == [], payload
    return payload


async def ready_release(desk: Desk, channels: tuple[str, ...] = ("loopback",), **fields: Any) -> dict[str, Any]:
    """A release approved through the standard workflow (department head, office, leader) and proofread
    by the publisher: READY."""
    release = await desk.create(channels=list(channels), **fields)
    await approve_to_ready(desk, release)
    return release


async def ready_release_with_attachment(desk: Desk, channels: tuple[str, ...], data: bytes) -> dict[str, Any]:
    """A release with one attachment (``data``, a PNG), approved to READY."""
    drafting = Drafting(desk.gql, desk.wu.unit, await desk.token("drafter"))
    release = await drafting.created(
        title="关于开展2026年度营商环境评价工作的通知", leadDepartmentId=desk.wu.department("policy"),
        bodyHtml="<p>根据省政府统一部署，现就有关事项通知如下。</p>", categoryId=desk.wu.categories["工作动态"],
        importance="ROUTINE", sensitivity="NORMAL", channels=list(channels),
    )  # fmt: skip
    attached = await drafting.attach(release, "附件.png", data)
    assert attached["errors"] == [], attached
    await approve_to_ready(desk, release)
    return release


async def approve_to_ready(desk: Desk, release: dict[str, Any]) -> None:
    """Submit the release and approve it through the standard workflow (department head, office, leader),
    then the publisher's proofreading: READY."""
    assert (await desk.submit(release["id"]))["errors"] == []
    await desk.ok("reviewer", release["id"], opinion="内容真实准确，同意报送。")
    await desk.ok("office", release["id"], opinion="符合发布计划，同意。")
    approved = await desk.ok("reviewer", release["id"], opinion="同意发布。")
    assert approved["stage"] == "proofread"
    done = await desk.confirm(release["id"])
    assert done["status"] == "ready"


async def outbox_rows(tenant_id: UUID, release_id: UUID) -> list[dict[str, Any]]:
    async with tenant_transaction(tenant_id):
        return await DB.fetch("select * from publication_outbox where release_id = $1 order by order_rank, version_number, created_at", release_id)


async def attempts(tenant_id: UUID, outbox_id: UUID) -> list[dict[str, Any]]:
    async with tenant_transaction(tenant_id):
        return await DB.fetch("select * from publication_attempts where outbox_id = $1 order by number", outbox_id)


async def relay(tenant_id: UUID, at: datetime | None = None) -> list[UUID]:
    queue = RecordingQueue()
    claimed = await relay_tenant(queue, tenant_id, at or now())
    assert [job_id for _, _, job_id in queue.jobs] == [str(outbox_id) for outbox_id in claimed]
    return claimed


def channels(services: Services, read_timeout: float = 5.0) -> Channels:
    return Channels(store=services.store, timeout=httpx.Timeout(5.0, read=read_timeout))


async def deliver_all(services: Services, tenant_id: UUID, outbox_ids: list[UUID], read_timeout: float = 5.0) -> list[str]:
    ring = key_ring(services.settings)
    return [await deliver(channels(services, read_timeout), ring, tenant_id, outbox_id) for outbox_id in outbox_ids]


async def notifications(tenant_id: UUID, person_id: UUID, kind: str) -> list[dict[str, Any]]:
    async with tenant_transaction(tenant_id):
        return await DB.fetch(
            "select * from notifications where person_id = $1 and kind = $2 order by created_at", person_id, kind
        )


def later(minutes: int) -> datetime:
    return now() + timedelta(minutes=minutes)


RETRACT = """mutation($input: RetractReleaseInput!) { retractRelease(input: $input) {
  channels { channel outcome } replayed clientMutationId errors { field code message } } }"""
LEDGER_ACTIONS = """query($channel: String) { publicationLedger(first: 20, channel: $channel) { nodes {
  channel state action note versionNumber title externalIds } } }"""
_WORKFLOW_STATUS = "query($id: ID!) { workflow(releaseId: $id) { status } }"
_LOCK_VERSION = "query($id: ID!) { node(id: $id) { ... on Release { lockVersion } } }"


async def edit_release(desk: Desk, release_id: str, **fields: Any) -> dict[str, Any]:
    """The drafter edits a release (e.g. a READY one, which sends it back to review); returns the release."""
    node = (await desk.gql.data(_LOCK_VERSION, {"id": release_id}, token=await desk.token("drafter")))["node"]
    variables = {"input": {"id": release_id, "expectedVersion": node["lockVersion"], **fields}}
    payload = (await desk.gql.data(UPDATE, variables, token=await desk.token("drafter")))["updateRelease"]
    assert payload["errors"] == [], payload
    release: dict[str, Any] = payload["release"]
    return release


async def approve_again(desk: Desk, release_id: str) -> None:
    """Drive an edited release through its workflow back to READY: each open step is approved (or, at
    the proofreading step, confirmed) by whichever of the unit's people may act on it (the route is
    read from the workflow, not assumed)."""
    for _ in range(12):
        state = (await desk.gql.data(_WORKFLOW_STATUS, {"id": release_id}, token=await desk.token("drafter")))["workflow"]
        if state["status"] == "ready":
            return
        if state["status"] in ("draft", "returned"):
            assert (await desk.submit(release_id))["errors"] == []
            continue
        if not await _act_once(desk, release_id):
            raise AssertionError(f"nobody could act on the release in state {state}")
    raise AssertionError("the release did not become READY")


async def _act_once(desk: Desk, release_id: str) -> bool:
    """The first of the unit's people who may act on the open step approves it (confirms, at proofreading)."""
    for username in desk.wu.unit.people:
        for decision in ("APPROVE", "CONFIRM"):
            if (await desk.decide(username, release_id, decision, "同意更正后的版本。"))["errors"] == []:
                return True
    return False


SITE_URL = "https://www.example.gov.cn/"


async def install_portal_and_weibo(desk: Desk, services: Services, sites: Path, weibo: FakeWeibo) -> None:
    """The portal writing under ``sites`` and Weibo on its plugin's fake server, installed for the unit."""
    configs: dict[str, dict[str, Any]] = {
        "portal": {"site_name": "测试单位门户网站", "site_url": SITE_URL, "directory": str(sites)},
        "weibo": {"base_url": weibo.base_url, "access_token": TOKEN, "safe_domains": ["www.example.gov.cn"]},
    }
    async with tenant_transaction(desk.wu.unit.id):
        for channel, config in configs.items():
            await install_channel(desk.wu.unit.id, key_ring(services.settings), channel, config)


async def drain(services: Services, tenant: UUID, at: datetime | None = None) -> list[str]:
    """Relay (at ``at``) and deliver until nothing is due: the portal first, then the others; every delivery's status."""
    statuses: list[str] = []
    for _ in range(4):
        claimed = await relay(tenant, at)
        if not claimed:
            return statuses
        statuses += await deliver_all(services, tenant, claimed)
    raise AssertionError(f"the outbox never drained: {statuses}")


async def published_release(desk: Desk, loopback: LoopbackServer, services: Services, **fields: Any) -> dict[str, Any]:
    """A release approved and delivered to the unit's loopback channel (installed here)."""
    await install_loopback(desk, loopback)
    release = await ready_release(desk, **fields)
    assert await deliver_all(services, desk.wu.unit.id, await relay(desk.wu.unit.id)) == ["delivered"]
    return release


async def crashed_attempt(tenant: UUID, outbox_id: UUID, *, claimed: bool = False) -> None:
    """Leave the state a worker killed mid-call leaves: attempt 1 started ten minutes ago, no outcome."""
    started = now() - timedelta(minutes=10)
    await DB.fetch(
        "insert into publication_attempts (tenant_id, outbox_id, number, started_at) values ($1, $2, 1, $3)",
        tenant, outbox_id, started,
    )  # fmt: skip
    await DB.fetch(
        "update publication_outbox set attempts = 1, claimed_at = case when $3 then $2 else claimed_at end where id = $1",
        outbox_id, started, claimed,
    )  # fmt: skip
