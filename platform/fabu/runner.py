"""Running the API and the worker: together in one process (embedded) or apart (production)."""

from __future__ import annotations

import asyncio
import contextlib
import signal

import uvicorn

from fabu.app import create_app
from fabu.jobs.worker import build_worker
from fabu.services import start_services
from fabu.settings import Settings


async def serve(settings: Settings, *, with_worker: bool) -> None:
    """Serve the API until SIGINT/SIGTERM; with ``with_worker`` also run an arq worker in this loop."""
    services = await start_services(settings)
    app = create_app(settings, services)
    server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info", lifespan="on"))
    # uvicorn installs its own handlers and stops on the first Ctrl-C; the worker follows it.
    worker = build_worker(settings, services=services) if with_worker else None
    try:
        if worker is None:
            await server.serve()
        else:
            worker_task = asyncio.create_task(worker.async_run())
            try:
                await server.serve()
            finally:
                worker_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker_task
                await worker.close()
    finally:
        await services.close()


async def run_worker(settings: Settings) -> None:
    """Run a standalone worker until SIGINT/SIGTERM."""
    worker = build_worker(settings)
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(worker.async_run())
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await worker.close()
