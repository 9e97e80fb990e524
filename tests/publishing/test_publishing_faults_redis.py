"""Redis stopped while approvals commit: the outbox holds the truth, and everything goes out once Redis is back.

Each run approves some releases with a ``fabu worker`` running, asks for a relay, stops Redis at a
point drawn with a fixed seed, approves the rest while it is down (approvals need no Redis; the
logins were made before), watches the relay fail to enqueue, starts Redis again empty (the queued
jobs are gone with it) and restarts the worker if the outage ended it. Rows whose job vanished are
claims that stall: once the stall limit has passed the relay hands them out again, to the worker.
"""

from __future__ import annotations

import random
from pathlib import Path
from uuid import UUID

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from redis.exceptions import ConnectionError as RedisConnectionError

from fabu.jobs.serialization import job_deserializer, job_serializer
from fabu.publishing.relay import STALL_AFTER, relay_tenant
from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import LoopbackServer
from publishing.fault_support import (
    Counts,
    WorkerProcess,
    drill_size,
    merge,
    open_attempt_rows,
    open_attempts,
    outbox,
    own_redis,
    recover_stalled,
    report,
    seed,
    settled,
    tally,
    wait_until,
)
from publishing.publishing_support import install_loopback, now
from workflow.workflow_support import Desk

RELAY_JOB = "relay_publications"


async def test_approvals_committed_while_redis_is_down_all_go_out_once_it_is_back(
    desk: Desk, loopback: LoopbackServer, services: Services, settings: Settings, tmp_path: Path
) -> None:
    await install_loopback(desk, loopback)
    for person in ("drafter", "reviewer", "office"):
        await desk.token(person)  # logins count failures in Redis; approvals touch none
    tenant, publisher = desk.wu.unit.id, desk.wu.unit.people["publisher"]
    runs, size = drill_size()
    rng = random.Random("redis-stop")
    total = Counts("redis_stopped")
    async with own_redis(settings, tmp_path) as (worker_settings, _, server):
        dsn = RedisSettings.from_dsn(worker_settings.redis_url or "")
        for run in range(runs):
            worker = WorkerProcess(worker_settings, tmp_path / f"worker-{run}.log").start()
            before_stop = rng.randrange(size)
            early = await seed(desk, rng, before_stop, label=f"停机前{run}", unapproved=1)
            queue = await create_pool(dsn, job_serializer=job_serializer, job_deserializer=job_deserializer)
            try:
                await queue.enqueue_job(RELAY_JOB)
                server.stop()

                late = await seed(desk, rng, size - before_stop, label=f"停机中{run}", unapproved=1)
                with pytest.raises(RedisConnectionError):
                    await relay_tenant(queue, tenant, now())
            finally:
                await queue.aclose()
            stranded = [row for row in await outbox(tenant) if row["release_id"] in late.approved]
            assert {row["status"] for row in stranded} == {"claimed"}  # claimed, committed, never enqueued

            server.start()  # empty: whatever was queued is lost
            interrupted = await open_attempts(tenant, [*early.approved, *late.approved])
            cut_off: set[UUID] = set()  # calls of a worker the outage ended never get an outcome from it
            if not worker.alive:
                cut_off = await open_attempt_rows(tenant)
                worker = WorkerProcess(worker_settings, tmp_path / f"worker-{run}-restarted.log").start()
            queue = await create_pool(dsn, job_serializer=job_serializer, job_deserializer=job_deserializer)
            try:
                await relay_tenant(queue, tenant, now() + STALL_AFTER * 2)  # the reconciler, once claims have stalled
                await wait_until(lambda left=cut_off: settled(tenant, left), "the worker delivers what was relayed again", worker)
            finally:
                await queue.aclose()
                worker.stop()
            await recover_stalled(services, tenant)
            counts = await tally(total.scenario, tenant, loopback, merge(early, late), publisher)
            counts.interrupted = interrupted
            total.add(counts)
    report(total)

    total.assert_invariants()
    assert total.approved == runs * size
