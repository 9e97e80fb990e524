"""A channel that times out after it actually published: reconciled through its status, never posted twice.

A ``fabu worker`` runs with a channel timeout of 1 s (``FABU_CHANNEL_TIMEOUT_SECONDS``). In each run the loopback service records
some posts and answers only after 2.5 s (which posts, with a fixed seed); in some runs one status
query stalls as well, so the reconciliation itself has to wait and ask again later.

A channel may also get to a request only after the client gave up: the status query right after
the timeout finds nothing yet. That "not found" is believed only once the call would show
(``NOT_FOUND_SETTLES`` in ``fabu.publishing.delivery``); until then the outcome stays unknown, so
the release is not published a second time.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from uuid import UUID

import pytest

from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import Fault, LoopbackServer
from publishing.fault_support import (
    SETTLE_LIMIT,
    Counts,
    WorkerProcess,
    ask_for_relay,
    drill_size,
    outbox,
    own_redis,
    reconciled,
    recover_stalled,
    report,
    seed,
    tally,
    wait_until,
)
from publishing.publishing_support import deliver_all, install_loopback, later, now, ready_release, relay, uuid_of
from workflow.workflow_support import Desk

FINAL = frozenset({"delivered", "flagged", "failed"})
CHANNEL_TIMEOUT = 1.0
ANSWER_AFTER = 2.5


async def settled_or_backing_off(tenant: UUID) -> bool:
    """Every row final, or pending until a later time (a status query failed; the relay asks again then)."""
    rows = await outbox(tenant)
    return all(row["status"] in FINAL or (row["status"] == "pending" and row["not_before"] > now()) for row in rows)


async def timeout_drill(
    scenario: str, fault: Fault, desk: Desk, loopback: LoopbackServer, services: Services, settings: Settings, tmp_path: Path
) -> Counts:
    """Runs in which ``fault`` (answer only after ``ANSWER_AFTER``) hits some of the posts; the counts afterwards."""
    await install_loopback(desk, loopback)
    tenant, publisher = desk.wu.unit.id, desk.wu.unit.people["publisher"]
    runs, size = drill_size()
    rng = random.Random(scenario)
    total = Counts(scenario)
    batches = []
    async with own_redis(settings, tmp_path) as (worker_settings, _, _):
        worker = WorkerProcess(worker_settings, tmp_path / "worker.log", channel_timeout=CHANNEL_TIMEOUT).start()
        try:
            for run in range(runs):
                timeouts = rng.randint(1, size)
                loopback.fail_next(fault, delay=ANSWER_AFTER, times=timeouts, skip=rng.randrange(size - timeouts + 1))
                if rng.random() < 0.5:
                    loopback.fail_next(Fault.STALL, method="GET", delay=ANSWER_AFTER)
                batch = await seed(desk, rng, size, label=f"超时{run}")
                batches.append(batch)
                await ask_for_relay(worker_settings)
                await wait_until(lambda: settled_or_backing_off(tenant), "the worker settles every delivery", worker)
                timed_out = await reconciled(tenant, batch.approved)
                assert timed_out == timeouts, f"{timed_out} calls timed out, {timeouts} were made to\n{worker.log_tail()}"
                total.interrupted += timed_out
        finally:
            worker.stop()
    await recover_stalled(services, tenant)  # a status query that timed out is asked again later
    for batch in batches:
        total.add(await tally(total.scenario, tenant, loopback, batch, publisher))
    report(total)
    assert total.approved == runs * size
    return total


async def test_a_channel_timing_out_after_it_published_leaves_each_release_published_once(
    desk: Desk, loopback: LoopbackServer, services: Services, settings: Settings, tmp_path: Path
) -> None:
    total = await timeout_drill("timeout_after_publish", Fault.STALL, desk, loopback, services, settings, tmp_path)

    total.assert_invariants()


@pytest.mark.skipif(
    not os.environ.get("FABU_FAULTS_COUNTS"),
    reason="the long drill runs from benchmarks/faults.py; the test below covers the same case in a few seconds",
)
async def test_channels_accepting_after_the_timeout_drill(
    desk: Desk, loopback: LoopbackServer, services: Services, settings: Settings, tmp_path: Path
) -> None:
    total = await timeout_drill("accept_after_timeout", Fault.SLOW_ACCEPT, desk, loopback, services, settings, tmp_path)

    total.assert_invariants()


async def test_a_channel_that_accepts_after_the_timeout_is_not_published_twice(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    slow = loopback.fail_next(Fault.SLOW_ACCEPT, delay=SETTLE_LIMIT)

    # The publish times out (read timeout 0.5 s); the status query right after finds nothing yet.
    first = await deliver_all(services, tenant, await relay(tenant), read_timeout=0.5)
    slow.release()  # the channel gets to the request it received: the post goes live

    async def accepted() -> bool:
        return loopback.post_count(release_id) == 1

    await wait_until(accepted, "the channel processes the delayed request")
    second = await deliver_all(services, tenant, await relay(tenant, later(3)))

    assert (first, second) == (["pending"], ["delivered"])
    assert loopback.post_count(release_id) == 1
