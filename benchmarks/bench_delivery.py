"""Benchmark of publication delivery: relay -> arq -> ``fabu worker`` -> channel, against a raw Redis push/pop loop.

Run with ``uv run python benchmarks/run.py delivery`` (or this file directly).

* Servers: embedded PostgreSQL and Redis in a temporary directory (``_support.embedded_platform``),
  production settings, and three loopback channel services (``fabu_loopback.LoopbackServer``) on
  127.0.0.1.
* Channels: the loopback plugin can be installed once per unit, so there are three units, each with
  the loopback channel installed (through ``install_channel``, config sealed as in production) and
  pointed at its own service: three installations, three channel servers.
* Data: ``RELEASES`` releases per unit created with the releases service (``create_release``: real
  release and version rows). They are not taken through the approval workflow (about five
  transitions each would take minutes to seed); instead each is marked READY (``workflow_state``,
  which delivery checks before every call) and ``schedule_release``, the call the workflow makes
  when a release becomes READY, writes their outbox rows. What is skipped is the workflow's
  own rows (instance, tasks, opinions, audit): the ledger entries therefore list no approvers.
* Measured: the outbox rows are handed out by the platform's relay (``relay_all``, run in a loop by
  this process the way the worker's cron runs it, against the same Redis) and delivered by one
  ``fabu worker`` process (arq, ``max_jobs=10``). Deliveries/s = delivered rows ÷ seconds from the
  first relay to the last row delivered. Enqueue-to-start latency per job is what arq logs when it
  starts a job (now minus the job's enqueue time, 10 ms resolution); p50 and p99 are reported.
* Baseline: in the same run, a loop that LPUSHes and RPOPs the same number of small JSON messages
  on the same Redis, one round trip each. ``ratio_delivery_to_redis_push_pop`` = deliveries/s ÷
  push-pop pairs/s.
* Checked: every row delivered, each channel server holds exactly one post per release.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
from redis.asyncio import Redis

from _support import EmbeddedPlatform, embedded_platform, run_and_report
from fabu.channels.context import utc_now
from fabu.channels.secrets import new_key
from fabu.db.engine import DB, asyncpg_config
from fabu.db.session import platform_transaction, switch_tenant, tenant_transaction
from fabu.publishing.installations import install_channel
from fabu.publishing.outbox import schedule_release
from fabu.publishing.plugins import key_ring
from fabu.publishing.relay import relay_all
from fabu.releases.content import ReleaseFields
from fabu.releases.kinds import Importance, Sensitivity
from fabu.releases.versions import create_release
from fabu.storage import TenantObjects
from fabu.tenancy import services as tenancy
from fabu.tenancy.roles import Role
from fabu_loopback import LoopbackServer

UNITS = 3
RELEASES = int(os.environ.get("FABU_BENCH_DELIVERY_RELEASES", "1000"))
"""Releases per unit (one channel each): UNITS x RELEASES deliveries."""
API_KEY = "bench-delivery-key"
PACED = 100
"""Releases per unit delivered afterwards at half the measured rate, for the enqueue-to-start latency."""
PACE_FRACTION = 0.5
SEED_BATCH = 100
BODY = "<p>根据省政府统一部署，现就有关事项通知如下。</p>" * 4
RELAY_PAUSE = 0.2  # seconds between relay runs while rows are still pending
# arq: "  0.05s → <job id>:deliver_publication(...)": seconds from enqueue to start, then the job.
STARTED = re.compile(r"\s(\d+\.\d+)s → [0-9a-f-]{36}:deliver_publication\(")
_WORKER = """
import asyncio, logging
from fabu.runner import run_worker
from fabu.settings import Settings
logging.basicConfig(level=logging.INFO, format="%(message)s")
asyncio.run(run_worker(Settings()))
"""


async def seed_unit(platform: EmbeddedPlatform, number: int, server: LoopbackServer) -> UUID:
    """A unit with a drafter, the loopback channel pointed at ``server``, and RELEASES + PACED releases scheduled."""
    async with platform_transaction():
        tenant_id = await tenancy.create_tenant(f"bench-dl-{number}", f"投递基准测试单位{number}")
        await switch_tenant(tenant_id)
        department = await tenancy.create_department(tenant_id, "office", "办公室", is_office=True)
        drafter = await tenancy.create_person(tenant_id, "起草人")
        await tenancy.add_membership(tenant_id, drafter, department, Role.DRAFTER)
    async with tenant_transaction(tenant_id):
        await install_channel(
            tenant_id, key_ring(platform.settings), "loopback", {"base_url": server.base_url, "api_key": API_KEY}
        )
    objects = TenantObjects(platform.services.store, tenant_id)
    for start in range(0, RELEASES + PACED, SEED_BATCH):
        async with tenant_transaction(tenant_id):
            for index in range(start, min(start + SEED_BATCH, RELEASES + PACED)):
                fields = ReleaseFields(
                    title=f"关于开展营商环境评价工作的通知（第{index + 1}号）",
                    lead_department_id=department,
                    body_html=BODY,
                    importance=Importance.ROUTINE,
                    sensitivity=Sensitivity.NORMAL,
                    channels=("loopback",),
                )
                saved = await create_release(tenant_id, drafter, fields, objects=objects)
                # What entering the READY stage writes on the release: delivery sends only approved versions.
                await DB.fetch("update releases set workflow_state = 'ready' where id = $1", saved.release_id)
                assert await schedule_release(tenant_id, saved.release_id) == 1
                if index >= RELEASES:  # kept back for the paced phase
                    await DB.fetch(
                        "update publication_outbox set not_before = now() + interval '1 day' where release_id = $1",
                        saved.release_id,
                    )
    return tenant_id


def start_worker(platform: EmbeddedPlatform, log: Path) -> subprocess.Popen[bytes]:
    settings = platform.settings
    env = {
        **os.environ,
        "FABU_ENV": settings.env.value,
        "FABU_DATA_DIR": str(settings.data_dir),
        "FABU_DATABASE_URL": settings.database_url or "",
        "FABU_REDIS_URL": settings.redis_url or "",
        "FABU_JWT_SECRET": settings.jwt_secret.get_secret_value(),
        "FABU_SECRETS_KEYS": settings.secrets_keys,
    }
    with log.open("wb") as out:  # arq logs each job start with its enqueue-to-start seconds
        return subprocess.Popen([sys.executable, "-c", _WORKER], env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if the worker has not stopped within 30 s (its jobs are all done by then)."""
    worker.terminate()
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(10)


async def wait_ready(redis_url: str) -> None:
    """Until the worker has registered its health check in Redis (it is then polling the queue)."""
    redis = Redis.from_url(redis_url)
    try:
        while not await redis.exists("arq:queue:health-check"):  # noqa: ASYNC110 - another process sets it
            await asyncio.sleep(0.1)
    finally:
        await redis.aclose()


async def delivered(owner: asyncpg.Connection) -> int:
    return int(await owner.fetchval("select count(*) from publication_outbox where status = 'delivered'"))


async def release_paced(owner: asyncpg.Connection, rate: float) -> None:
    """Make the kept-back rows due one after another, ``rate`` per second, the units interleaved."""
    await owner.execute(
        """update publication_outbox o set not_before = now() + (p.position / $1) * interval '1 second'
           from (select id, row_number() over (order by created_at, tenant_id) - 1 as position
                 from publication_outbox where status = 'pending' and not_before > now()) p
           where o.id = p.id""",
        rate,
    )


async def deliver_everything(platform: EmbeddedPlatform, owner: asyncpg.Connection, total: int) -> float:
    """Relay until every row is delivered; returns the seconds from the first relay to the last delivery."""
    started = time.perf_counter()
    while True:
        await relay_all(platform.services.queue, utc_now())
        if await delivered(owner) >= total:
            return time.perf_counter() - started
        if await owner.fetchval("select count(*) from publication_outbox where status in ('failed', 'flagged')"):
            raise RuntimeError("a delivery failed; see the worker log")
        await asyncio.sleep(RELAY_PAUSE)


async def redis_push_pop(redis_url: str, count: int) -> float:
    """Pairs/s of LPUSH then RPOP of a small JSON message, one round trip each, on the same Redis."""
    redis = Redis.from_url(redis_url)
    message = json.dumps({"function": "deliver_publication", "args": [str(UUID(int=0)), str(UUID(int=1))]})
    try:
        started = time.perf_counter()
        for _ in range(count):
            await redis.lpush("bench:raw", message)
            assert await redis.rpop("bench:raw") is not None
        return count / (time.perf_counter() - started)
    finally:
        await redis.aclose()


def started_after(log: Path, offset: int) -> list[float]:
    """Enqueue-to-start seconds of the delivery jobs arq logged from byte ``offset`` of the worker's log on."""
    with log.open("rb") as text:
        text.seek(offset)
        return [float(match.group(1)) for match in STARTED.finditer(text.read().decode(errors="replace"))]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def run() -> dict[str, Any]:
    servers = [LoopbackServer(api_key=API_KEY).start() for _ in range(UNITS)]
    try:
        async with embedded_platform(db_pool_size=10) as base:
            settings = base.settings.model_copy(update={"secrets_keys": new_key()})
            platform = EmbeddedPlatform(settings=settings, services=base.services, owner_url=base.owner_url)
            seeding = time.perf_counter()
            tenants = [await seed_unit(platform, number, server) for number, server in enumerate(servers, 1)]
            seed_seconds = time.perf_counter() - seeding
            total = UNITS * RELEASES
            owner = await asyncpg.connect(**asyncpg_config(platform.owner_url))
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            log = settings.data_dir / "worker.log"
            worker = start_worker(platform, log)
            try:
                await wait_ready(settings.redis_url or "")
                seconds = await deliver_everything(platform, owner, total)
                backlogged = started_after(log, 0)
                paced_from = log.stat().st_size
                pace = PACE_FRACTION * total / seconds
                await release_paced(owner, pace)
                await deliver_everything(platform, owner, total + UNITS * PACED)
            finally:
                stop(worker)
                await owner.close()
            raw = await redis_push_pop(settings.redis_url or "", total)
            latencies = started_after(log, paced_from)
    finally:
        for server in servers:
            server.stop()
    posts = [server.total_posts() for server in servers]
    assert posts == [RELEASES + PACED] * UNITS, posts  # one post per release on each channel server, none twice
    deliveries = total / seconds
    return {
        "units": UNITS,
        "releases_per_unit": RELEASES,
        "deliveries": total,
        "tenants": [str(tenant) for tenant in tenants],
        "seed_seconds": round(seed_seconds, 1),
        "delivery_seconds": round(seconds, 2),
        "deliveries_per_second": round(deliveries, 1),
        "redis_push_pop_per_second": round(raw, 1),
        "ratio_delivery_to_redis_push_pop": round(deliveries / raw, 4),
        "paced_deliveries": UNITS * PACED,
        "paced_per_second": round(pace, 1),
        "jobs_started_paced": len(latencies),
        "enqueue_to_start_p50_ms": _ms(statistics.median(latencies)),
        "enqueue_to_start_p99_ms": _ms(percentile(latencies, 0.99)),
        "backlogged_enqueue_to_start_p50_ms": _ms(statistics.median(backlogged)),
        "backlogged_enqueue_to_start_p99_ms": _ms(percentile(backlogged, 0.99)),
    }


def _ms(seconds: float) -> int:
    return round(1000 * seconds)


def report(figures: dict[str, Any]) -> None:
    print(
        f"{figures['deliveries']} deliveries ({figures['units']} units x {figures['releases_per_unit']} releases, "
        f"one loopback channel server each), seeded in {figures['seed_seconds']} s"
    )
    print(f"  relay -> arq -> fabu worker -> channel: {figures['deliveries_per_second']} deliveries/s "
          f"({figures['delivery_seconds']} s)")
    print(f"  raw Redis LPUSH+RPOP loop:             {figures['redis_push_pop_per_second']} pairs/s")
    print(f"  ratio:                                 {figures['ratio_delivery_to_redis_push_pop']}")
    print(f"  enqueue-to-start, {figures['paced_deliveries']} more made due at {figures['paced_per_second']}/s: "
          f"p50 {figures['enqueue_to_start_p50_ms']} ms, p99 {figures['enqueue_to_start_p99_ms']} ms")
    print(f"  enqueue-to-start in the throughput run (everything queued at once): "
          f"p50 {figures['backlogged_enqueue_to_start_p50_ms']} ms, p99 {figures['backlogged_enqueue_to_start_p99_ms']} ms")


def main() -> dict[str, Any]:
    logging.getLogger("fabu").setLevel(logging.WARNING)
    return run_and_report(run, report)


if __name__ == "__main__":
    main()
