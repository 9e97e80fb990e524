"""``fabu worker`` started before Redis (a deployment starting everything at once) waits for it, then works."""

from __future__ import annotations

import asyncio
from pathlib import Path

from arq import create_pool
from arq.connections import RedisSettings
from arq.jobs import Job

from fabu.devstack import EmbeddedRedis, free_port
from fabu.jobs.serialization import job_deserializer, job_serializer
from fabu.settings import Settings
from publishing.fault_support import WorkerProcess

WAITING = "Redis 不可用，工作进程等待重连 / Redis unreachable, the worker waits to reconnect"
WAIT_LIMIT = 60.0
"""Seconds to wait for the job's result; a hang guard, not a timing check."""


async def test_a_worker_started_while_redis_is_down_runs_jobs_once_it_is_up(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    worker = WorkerProcess(settings.model_copy(update={"redis_url": url}), tmp_path / "worker.log").start()
    server = EmbeddedRedis(tmp_path / "redis", port=port, persist=False)
    try:
        await gave_up_once(worker)  # arq spent its own connect retries: the process used to exit here
        assert worker.alive, worker.log_tail()
        server.start()
        queue = await create_pool(RedisSettings.from_dsn(url), job_serializer=job_serializer, job_deserializer=job_deserializer)
        try:
            job: Job | None = await queue.enqueue_job("ping")
            assert job is not None
            assert await job.result(timeout=WAIT_LIMIT) == "pong", worker.log_tail()
        finally:
            await queue.aclose()
        assert worker.alive
    finally:
        worker.stop()
        server.stop()


async def gave_up_once(worker: WorkerProcess) -> None:
    """Until the worker's first arq worker could not connect and the process waits to try again."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_LIMIT
    while WAITING not in worker.log.read_text(errors="replace"):
        assert worker.alive, worker.log_tail()
        assert loop.time() < deadline, f"the worker never gave up on Redis\n{worker.log_tail()}"
        await asyncio.sleep(0.2)
