"""A worker outlives a Redis outage: the job in flight finishes, and jobs run again once Redis is back.

Against a real Redis server of the test's own (stopped and started again on the same port, empty
as after a restart without persistence) and arq's real worker; only the job functions are small.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.worker import Worker, func

from fabu.devstack import EmbeddedRedis
from fabu.jobs.supervision import work_through_outages

WAIT_LIMIT = 60.0
"""Seconds to wait for something that should happen in well under one; a hang guard, not a timing check."""


class Jobs:
    """Two job functions: ``record`` notes its argument; ``hold`` waits for ``release`` before it notes its own."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.holding = asyncio.Event()
        self.release = asyncio.Event()
        self.workers: list[Worker] = []

    async def record(self, ctx: dict[str, Any], name: str) -> str:
        self.done.append(name)
        return name

    async def hold(self, ctx: dict[str, Any], name: str) -> str:
        self.holding.set()
        await self.release.wait()
        self.done.append(name)
        return name

    def worker(self, redis_url: str, poll_delay: float = 0.05) -> Callable[[], Worker]:
        def make() -> Worker:
            worker = Worker(
                functions=[func(self.record, name="record"), func(self.hold, name="hold")],
                redis_settings=RedisSettings.from_dsn(redis_url),
                handle_signals=False,
                poll_delay=poll_delay,
            )
            self.workers.append(worker)
            return worker

        return make


@contextlib.asynccontextmanager
async def supervised(make_worker: Callable[[], Worker]) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(work_through_outages(make_worker, first_pause=0.1, longest_pause=0.5))
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def until(check: Callable[[], bool], what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_LIMIT
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        await asyncio.sleep(0.05)


async def enqueue(redis_url: str, function: str, name: str) -> None:
    queue: ArqRedis = await create_pool(RedisSettings.from_dsn(redis_url))
    try:
        await queue.enqueue_job(function, name)
    finally:
        await queue.aclose()


async def test_the_job_in_flight_finishes_and_jobs_run_again_after_redis_comes_back(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "redis", persist=False)
    url = server.start()
    jobs = Jobs()
    try:
        async with supervised(jobs.worker(url)) as task:
            await enqueue(url, "record", "before")
            await until(lambda: "before" in jobs.done, "a job runs while Redis is up")

            await enqueue(url, "hold", "in flight")
            await until(jobs.holding.is_set, "the held job starts")
            server.stop()
            await until(lambda: len(jobs.workers) == 1 and not task.done(), "the worker is still supervised")
            await asyncio.sleep(1.0)  # the worker's polls fail meanwhile: arq's own worker would end here
            jobs.release.set()
            await until(lambda: "in flight" in jobs.done, "the job in flight finishes during the outage")
            await until(lambda: len(jobs.workers) >= 2, "a new worker is tried while Redis is down")
            assert not task.done()

            server.start()  # same port, empty
            await enqueue(url, "record", "after")
            await until(lambda: "after" in jobs.done, "a job runs once Redis is back")
            assert not task.done()
    finally:
        server.stop()
    assert jobs.done == ["before", "in flight", "after"]
    assert [worker._pool for worker in jobs.workers] == [None] * len(jobs.workers)  # no connection left open


async def test_cancelling_stops_the_worker_even_while_redis_is_down(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "redis", persist=False)
    url = server.start()
    jobs = Jobs()
    try:
        # Polling rarely, the worker has not noticed the outage when it is stopped: its goodbye to Redis fails.
        task = asyncio.create_task(work_through_outages(jobs.worker(url, poll_delay=30.0), first_pause=0.1, longest_pause=0.5))
        await enqueue(url, "record", "first")
        await until(lambda: "first" in jobs.done, "a job runs")
        server.stop()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT_LIMIT)
    finally:
        server.stop()
    assert len(jobs.workers) == 1
    assert jobs.workers[0]._pool is None  # its side of the connections closed all the same


async def test_stopping_with_a_job_running_closes_the_connections_too(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "redis", persist=False)
    url = server.start()
    jobs = Jobs()
    try:
        task = asyncio.create_task(work_through_outages(jobs.worker(url), first_pause=0.1, longest_pause=0.5))
        await enqueue(url, "hold", "running")
        await until(jobs.holding.is_set, "the job starts")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT_LIMIT)
    finally:
        server.stop()
    assert jobs.done == []  # cancelled, to run again (arq keeps it queued)
    assert [worker._pool for worker in jobs.workers] == [None]
