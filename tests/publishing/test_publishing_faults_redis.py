"""Redis stopped while approvals commit: the outbox holds the truth, and everything goes out once Redis is back.

One ``fabu worker`` runs throughout and must outlive every outage. Each run approves some releases,
asks for a relay, stops Redis (how many approvals come before is drawn with a fixed seed), approves
the rest while it is down (approvals need no Redis; the logins were made before), watches the relay
fail to enqueue, and starts Redis again empty (the queued jobs are gone with it). The deliveries the
worker was running finish meanwhile. Rows whose job vanished are claims that stall: once the stall
limit has passed the relay hands them out again, to the same worker.
"""

from __future__ import annotations

import asyncio
import random
from functools import partial
from pathlib import Path
from uuid import UUID

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from redis.exceptions import ConnectionError as RedisConnectionError

from fabu.jobs.serialization import job_deserializer, job_serializer
from fabu.publishing.relay import STALL_AFTER, relay_tenant
from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import LoopbackServer
from publishing.fault_support import (
    Batch,
    Counts,
    WorkerProcess,
    calls_finished,
    drill_size,
    merge,
    open_attempt_rows,
    outbox,
    own_redis,
    recover_stalled,
    report,
    seed,
    settled,
    tally,
    wait_until,
    worker_ready,
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
    batches: list[Batch] = []
    async with own_redis(settings, tmp_path) as (worker_settings, redis, server):
        dsn = RedisSettings.from_dsn(worker_settings.redis_url or "")
        worker = WorkerProcess(worker_settings, tmp_path / "worker.log").start()
        try:
            await worker_ready(redis, worker)
            for run in range(runs):
                before_stop = rng.randrange(size)
                early = await seed(desk, rng, before_stop, label=f"停机前{run}", unapproved=1)
                queue = await create_pool(dsn, job_serializer=job_serializer, job_deserializer=job_deserializer)
                try:
                    await queue.enqueue_job(RELAY_JOB)
                    server.stop()

                    late = await seed(desk, rng, size - before_stop, label=f"停机中{run}", unapproved=1)
                    with pytest.raises(RedisConnectionError):
                        await _relay_until_it_enqueues(queue, tenant)
                finally:
                    await queue.aclose()
                batches.append(merge(early, late))
                stranded = [row for row in await outbox(tenant) if row["release_id"] in late.approved]
                assert {row["status"] for row in stranded} == {"claimed"}  # claimed, committed, never enqueued

                server.start()  # empty: whatever was queued is lost
                in_flight = await open_attempt_rows(tenant)
                total.interrupted += len(in_flight)
                # Before the stall limit passes, as in production: a claim handed out again while its
                # first call still runs would only find that call in flight and leave the row alone.
                await wait_until(partial(calls_finished, tenant, in_flight), "the calls in flight when Redis stopped finish", worker)
                queue = await create_pool(dsn, job_serializer=job_serializer, job_deserializer=job_deserializer)
                try:
                    await relay_tenant(queue, tenant, now() + STALL_AFTER * 2)  # the reconciler, once claims have stalled
                finally:
                    await queue.aclose()

                await wait_until(partial(settled, tenant, set()), "the worker delivers what was relayed again", worker)
                assert worker.alive, worker.log_tail()  # it outlived the outage
        finally:
            worker.stop()
    await recover_stalled(services, tenant)
    for batch in batches:
        total.add(await tally(total.scenario, tenant, loopback, batch, publisher))
    report(total)

    total.assert_invariants()
    assert total.approved == runs * size


async def _relay_until_it_enqueues(queue: ArqRedis, tenant: UUID) -> None:
    """Run the relay until it claims rows and tries to enqueue them.

    The worker's own relay, enqueued just before Redis stopped, may still hold the unit's budget
    lock: a relay meeting it claims nothing and leaves the rows to the next tick.
    """
    for _ in range(200):
        if await relay_tenant(queue, tenant, now()):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the relay never claimed the rows approved while Redis was down")
