"""Fault drills for the publishing pipeline: a real worker process to kill, a Redis of its own to stop,
the state a person would check afterwards, and the counts the drills report.

The worker is ``fabu worker`` (``fabu.runner.run_worker``) in a subprocess, against the tests'
PostgreSQL and a Redis server of the drill's own, so killing it or stopping that Redis disturbs no
other test. Time that only passes in production (the five minutes after which the relay hands a
stalled claim out again) is passed by running the relay and the delivery with a later clock, the
same code the worker runs; see :func:`recover_stalled`.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from arq import create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis

from fabu.audit.chain import verify
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.devstack import EmbeddedRedis
from fabu.jobs.serialization import job_deserializer, job_serializer
from fabu.publishing.calls import Channels
from fabu.publishing.delivery import deliver
from fabu.publishing.plugins import key_ring
from fabu.publishing.relay import STALL_AFTER, relay_tenant
from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import LoopbackServer
from publishing.publishing_support import RecordingQueue, now, ready_release, uuid_of
from workflow.workflow_support import Desk

RELAY_JOB = "relay_publications"
FINAL = frozenset({"delivered", "flagged", "failed"})
IN_PROGRESS_PREFIX = "arq:in-progress:"  # arq marks a job it is running with this key, until it finishes or expires
SETTLE_LIMIT = 60.0
"""Seconds a drill waits for the worker to settle before it gives up and shows the worker's log."""

# ``fabu worker`` as a deployment runs it, with its log lines timed.
_WORKER = """
import asyncio, logging
from fabu.runner import run_worker
from fabu.settings import Settings
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
asyncio.run(run_worker(Settings()))
"""


def drill_size() -> tuple[int, int]:
    """(runs per scenario, approved releases per run): small in the suite, larger for ``benchmarks/faults.py``."""
    return int(os.environ.get("FABU_FAULTS_RUNS", "2")), int(os.environ.get("FABU_FAULTS_RELEASES", "4"))


class WorkerProcess:
    """A ``fabu worker`` subprocess on the given settings; its output goes to ``log``."""

    def __init__(self, settings: Settings, log: Path, *, channel_timeout: float | None = None) -> None:
        self.settings, self.log = settings, log
        self.channel_timeout = channel_timeout or settings.channel_timeout_seconds
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        env = {
            **os.environ,
            "FABU_ENV": self.settings.env.value,
            "FABU_DATA_DIR": str(self.settings.data_dir),
            "FABU_DATABASE_URL": self.settings.database_url or "",
            "FABU_REDIS_URL": self.settings.redis_url or "",
            "FABU_DB_POOL_SIZE": "4",
            "FABU_CHANNEL_TIMEOUT_SECONDS": str(self.channel_timeout),
        }
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER], env=env, stdout=out, stderr=subprocess.STDOUT
            )
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or finished."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """SIGTERM, as a deployment stops a worker (SIGKILL if it does not stop)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


async def ask_for_relay(settings: Settings) -> None:
    """Enqueue the relay job now, as its cron does every ten seconds."""
    queue = await create_pool(
        RedisSettings.from_dsn(settings.redis_url or ""), job_serializer=job_serializer, job_deserializer=job_deserializer
    )
    try:
        await queue.enqueue_job(RELAY_JOB)
    finally:
        await queue.aclose()


async def worker_ready(redis: Redis, worker: WorkerProcess) -> None:
    """Until the worker has connected to Redis and polls its queue (arq then keeps a health-check key)."""

    async def polling() -> bool:
        return bool(await redis.exists("arq:queue:health-check"))

    await wait_until(polling, "the worker polls its queue", worker)


async def wait_until(check: Callable[[], Awaitable[bool]], what: str, worker: WorkerProcess | None = None) -> None:
    """Poll ``check`` until it holds; a hang guard, not a timing assertion (the limit is generous)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_LIMIT
    while not await check():
        if loop.time() > deadline:
            log = f"\n--- worker log ---\n{worker.log_tail()}" if worker is not None else ""
            raise AssertionError(f"gave up waiting: {what}{log}")
        await asyncio.sleep(0.1)


async def wait_reached(injection: Any, what: str, worker: WorkerProcess) -> None:
    """Wait until the loopback service's armed fault was hit."""
    if not await asyncio.to_thread(injection.wait_reached, SETTLE_LIMIT):
        raise AssertionError(f"the fault was never reached: {what}\n--- worker log ---\n{worker.log_tail()}")


async def outbox(tenant: UUID) -> list[dict[str, Any]]:
    async with tenant_transaction(tenant):
        return await DB.fetch("select * from publication_outbox order by created_at, id")


async def count_delivered(tenant: UUID, release_ids: Iterable[UUID]) -> int:
    wanted = set(release_ids)
    return sum(1 for row in await outbox(tenant) if row["release_id"] in wanted and row["status"] == "delivered")


async def open_attempts(tenant: UUID, release_ids: Iterable[UUID]) -> int:
    """Attempts of these releases' deliveries that have no outcome (a call cut off, or still running)."""
    async with tenant_transaction(tenant):
        found = await DB.fetchrow(
            """select count(*) as n from publication_attempts a join publication_outbox o on o.id = a.outbox_id
               where a.outcome is null and o.release_id = any($1::uuid[])""",
            list(release_ids),
        )
    assert found is not None
    return int(found["n"])


async def held_by_dead_worker(redis: Redis) -> set[UUID]:
    """Outbox ids whose jobs arq still marks as running: right after a kill, the jobs the dead worker held.

    arq runs such a job again only when the mark expires, and the relay hands its row out again only
    after the stall limit: a live worker leaves these rows alone until then.
    """
    keys = await redis.keys(IN_PROGRESS_PREFIX + "*")
    names = (key.decode().removeprefix(IN_PROGRESS_PREFIX) for key in keys)
    return {UUID(name) for name in names if not name.startswith("cron:")}


async def reconciled(tenant: UUID, release_ids: Iterable[UUID]) -> int:
    """These releases' deliveries that had to read the channel's status: their call's outcome was unknown
    (it timed out or broke off). Each such read is recorded before it is made, for the rate limits."""
    async with tenant_transaction(tenant):
        found = await DB.fetchrow(
            """select count(distinct r.outbox_id) as n from channel_reads r join publication_outbox o on o.id = r.outbox_id
               where o.release_id = any($1::uuid[])""",
            list(release_ids),
        )
    assert found is not None
    return int(found["n"])


async def open_attempt_rows(tenant: UUID) -> set[UUID]:
    """Outbox ids with an attempt that has no outcome."""
    async with tenant_transaction(tenant):
        rows = await DB.fetch("select distinct outbox_id from publication_attempts where outcome is null")
    return {row["outbox_id"] for row in rows}


async def calls_finished(tenant: UUID, outbox_ids: set[UUID]) -> bool:
    """Whether none of these rows has an attempt without an outcome any more."""
    return not outbox_ids & await open_attempt_rows(tenant)


async def settled(tenant: UUID, left_alone: set[UUID]) -> bool:
    """Whether a live worker has nothing left to do: every row is final or among ``left_alone``."""
    return all(row["status"] in FINAL or row["id"] in left_alone for row in await outbox(tenant))


async def recover_stalled(services: Services, tenant: UUID, rounds: int = 6) -> None:
    """What the relay and the delivery do once the stall limit has passed, run with a clock that far ahead.

    Each round moves the clock past the stall limit again (a claim made with a later clock stalls
    later), claims what is due or stalled, and delivers it (reconciling through the channel's status
    where an attempt has no outcome).
    """
    ring = key_ring(services.settings)
    at = now()
    for _ in range(rounds):
        at += STALL_AFTER + timedelta(minutes=1)
        claimed = await relay_tenant(RecordingQueue(), tenant, at)
        channels = Channels(store=services.store, timeout=httpx.Timeout(5.0), clock=_fixed(at))
        for outbox_id in claimed:
            await deliver(channels, ring, tenant, outbox_id)


def _fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


@dataclass
class Batch:
    """The releases of one drill run: approved ones (READY) and ones that must never be published."""

    approved: list[UUID] = field(default_factory=list)
    unapproved: list[UUID] = field(default_factory=list)


async def seed(desk: Desk, rng: random.Random, approved: int, *, label: str, unapproved: int = 2) -> Batch:
    """``approved`` releases driven to READY and ``unapproved`` that are not (in review or drafts), in random order."""
    batch = Batch()
    kinds = ["ready"] * approved + [("in_review", "draft")[number % 2] for number in range(unapproved)]
    rng.shuffle(kinds)
    for number, kind in enumerate(kinds, 1):
        title = f"{label}第{number}号稿件"
        if kind == "ready":
            batch.approved.append(uuid_of((await ready_release(desk, title=title))["id"]))
            continue
        release = await desk.create(title=title, channels=["loopback"])
        if kind == "in_review":
            assert (await desk.submit(release["id"]))["errors"] == []
            await desk.ok("reviewer", release["id"])
        batch.unapproved.append(uuid_of(release["id"]))
    return batch


def merge(*batches: Batch) -> Batch:
    return Batch([i for b in batches for i in b.approved], [i for b in batches for i in b.unapproved])


@asynccontextmanager
async def own_redis(settings: Settings, root: Path) -> AsyncIterator[tuple[Settings, Redis, EmbeddedRedis]]:
    """A Redis server for one drill (it may be stopped and started again on the same port), the settings
    pointing at it, and a client; the server is gone afterwards with whatever jobs the drill left in it."""
    server = EmbeddedRedis(root / "redis", persist=False)
    url = server.start()
    client = Redis.from_url(url)
    try:
        yield settings.model_copy(update={"redis_url": url}), client, server
    finally:
        await client.aclose()
        server.stop()


@dataclass
class Counts:
    """What a drill found, per approved release (one channel), plus the checks on the records."""

    scenario: str
    approved: int = 0
    interrupted: int = 0
    """Calls in flight when the fault struck: attempts without an outcome, seen right after it (a kill
    cuts them off; when only Redis went away, they finish on their own)."""
    exactly_once: int = 0
    flagged: int = 0
    duplicates: int = 0
    lost: int = 0
    stuck: int = 0
    unapproved_published: int = 0
    ledger_mismatches: int = 0
    audit_intact: bool = True

    def add(self, other: Counts) -> None:
        for name in ("approved", "interrupted", "exactly_once", "flagged", "duplicates", "lost", "stuck", "unapproved_published", "ledger_mismatches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.audit_intact = self.audit_intact and other.audit_intact

    def assert_invariants(self) -> None:
        """Every approved release published exactly once or flagged for a person; nothing else; records intact."""
        assert (self.duplicates, self.lost, self.stuck, self.unapproved_published) == (0, 0, 0, 0), self
        assert self.exactly_once + self.flagged == self.approved, self
        assert self.ledger_mismatches == 0, self
        assert self.audit_intact, self


async def tally(scenario: str, tenant: UUID, loopback: LoopbackServer, batch: Batch, publisher: UUID) -> Counts:
    """Count what the channel's server holds and what the unit's records say, for one run's releases."""
    counts = Counts(scenario, approved=len(batch.approved))
    rows = {row["release_id"]: row for row in await outbox(tenant)}
    async with tenant_transaction(tenant):
        ledger = await DB.fetch("select * from publication_ledger where release_id = any($1::uuid[])", batch.approved)
        told = {
            row["release_id"]
            for row in await DB.fetch(
                "select release_id from notifications where person_id = $1 and kind in ('publication_flagged', 'publication_failed')",
                publisher,
            )
        }
        audit = await verify(tenant)
    for release_id in batch.approved:
        posts = loopback.posts_for(release_id)
        status = rows[release_id]["status"] if release_id in rows else None
        if len(posts) > 1:
            counts.duplicates += 1
        elif status == "delivered" and len(posts) == 1:
            counts.exactly_once += 1
        elif status in ("flagged", "failed") and release_id in told:
            counts.flagged += 1
        elif not posts:
            counts.lost += 1
        else:
            counts.stuck += 1
        entries = [entry for entry in ledger if entry["release_id"] == release_id]
        counts.ledger_mismatches += _ledger_mismatch(entries, status, posts)
    counts.unapproved_published = sum(1 for release_id in batch.unapproved if loopback.post_count(release_id))
    counts.unapproved_published += sum(1 for release_id in batch.unapproved if release_id in rows)
    counts.audit_intact = audit.intact
    return counts


def _ledger_mismatch(entries: list[dict[str, Any]], status: str | None, posts: list[dict[str, Any]]) -> int:
    """0 when the ledger holds one ``published`` entry naming the channel's post for a delivered row, and none otherwise."""
    if status != "delivered":
        return 0 if not entries else 1
    if len(entries) != 1 or entries[0]["state"] != "published" or len(posts) != 1:
        return 1
    return 0 if json.loads(entries[0]["external_ids"]).get("post_id") == posts[0]["id"] else 1


def report(counts: Counts) -> None:
    """Append the counts to ``$FABU_FAULTS_COUNTS`` (JSON lines) when set, for ``benchmarks/faults.py``."""
    target = os.environ.get("FABU_FAULTS_COUNTS")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(counts)) + "\n")
