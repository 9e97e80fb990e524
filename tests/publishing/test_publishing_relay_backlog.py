"""A unit with a backlog gets more than one claim's worth of rows per relay run, up to a bound."""

from __future__ import annotations

import pytest

from fabu.publishing import relay as relay_module
from fabu.publishing.relay import relay_all
from fabu_loopback import LoopbackServer
from publishing.publishing_support import RecordingQueue, install_loopback, later, outbox_rows, ready_release, uuid_of
from workflow.workflow_support import Desk


async def test_a_backlog_is_claimed_batch_after_batch_in_one_run(
    desk: Desk, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_loopback(desk, loopback)
    releases = [uuid_of((await ready_release(desk))["id"]) for _ in range(5)]
    monkeypatch.setattr(relay_module, "BATCH", 2)
    monkeypatch.setattr(relay_module, "MAX_BATCHES", 2)
    queue = RecordingQueue()

    await relay_all(queue, later(1))  # every unit's due rows; only this unit's are counted below

    mine = {str(release) for release in releases}
    rows = [row for release in releases for row in await outbox_rows(desk.wu.unit.id, release)]
    claimed = {str(row["id"]) for row in rows if row["status"] == "claimed"}
    enqueued = {job_id for _, args, job_id in queue.jobs if args[0] == str(desk.wu.unit.id)}
    assert len(claimed) == 4  # two full claims of two; the fifth row waits for the next run
    assert enqueued == claimed
    assert {str(row["release_id"]) for row in rows} == mine
