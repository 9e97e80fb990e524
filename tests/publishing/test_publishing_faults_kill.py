"""A worker killed (SIGKILL) at any point of a delivery loses nothing and publishes nothing twice.

Each run drives releases to READY (and some that are not approved) while a ``fabu worker`` process
runs, kills it at the chosen point of the k-th publication (k drawn with a fixed seed) and starts
another, which finishes what is queued and is the next run's victim. Then the stall limit passes,
and the test counts what the channel's server holds.
"""

from __future__ import annotations

import random
from pathlib import Path
from uuid import UUID

import pytest

from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import Fault, Injection, LoopbackServer
from publishing.fault_support import (
    SETTLE_LIMIT,
    Batch,
    Counts,
    WorkerProcess,
    ask_for_relay,
    count_delivered,
    drill_size,
    held_by_dead_worker,
    open_attempts,
    own_redis,
    recover_stalled,
    report,
    seed,
    settled,
    tally,
    wait_reached,
    wait_until,
)
from publishing.publishing_support import install_loopback
from workflow.workflow_support import Desk

KILL_POINTS = {
    "before_call": Fault.DROP,  # the request is on its way and never reaches the channel
    "after_call": Fault.STALL,  # the channel recorded the post; the worker has not heard the answer
    "after_commit": None,  # the worker recorded the delivery
}


async def kill_at(point: str, k: int, worker: WorkerProcess, armed: Injection | None, tenant: UUID, batch: Batch) -> None:
    """SIGKILL ``worker`` at ``point`` of the k-th publication of ``batch`` (counted from 0)."""
    if armed is None:

        async def committed() -> bool:
            return await count_delivered(tenant, batch.approved) > k

        await wait_until(committed, f"delivery {k} committed", worker)
        worker.kill()
        return
    try:
        await wait_reached(armed, f"{point} of publication {k}", worker)
        worker.kill()
    finally:
        armed.release()


@pytest.mark.parametrize("point", list(KILL_POINTS))
async def test_a_killed_worker_leaves_each_approved_release_published_once_or_flagged(
    point: str, desk: Desk, loopback: LoopbackServer, services: Services, settings: Settings, tmp_path: Path
) -> None:
    await install_loopback(desk, loopback)
    tenant, publisher = desk.wu.unit.id, desk.wu.unit.people["publisher"]
    runs, size = drill_size()
    rng = random.Random(f"kill-{point}")
    total = Counts(f"kill_{point}")
    batches: list[Batch] = []
    dead: set[UUID] = set()
    async with own_redis(settings, tmp_path) as (worker_settings, redis, _):
        worker = WorkerProcess(worker_settings, tmp_path / "worker-0.log").start()
        try:
            for run in range(runs):
                k = rng.randrange(size)
                fault = KILL_POINTS[point]
                armed = None if fault is None else loopback.fail_next(fault, delay=SETTLE_LIMIT, skip=k)
                batch = await seed(desk, rng, size, label=f"{point}{run}")
                batches.append(batch)
                await ask_for_relay(worker_settings)
                await kill_at(point, k, worker, armed, tenant, batch)
                total.interrupted += await open_attempts(tenant, batch.approved)
                dead |= await held_by_dead_worker(redis)

                # The next worker finishes what was queued and is the next run's victim.
                worker = WorkerProcess(worker_settings, tmp_path / f"worker-{run + 1}.log").start()
                await wait_until(lambda left=dead: settled(tenant, left), "the restarted worker settles", worker)
        finally:
            worker.stop()
    await recover_stalled(services, tenant)
    for batch in batches:
        total.add(await tally(total.scenario, tenant, loopback, batch, publisher))
    report(total)

    total.assert_invariants()
    assert total.approved == runs * size
