"""Running the API and the worker: together in one process (embedded) or apart (production)."""

from __future__ import annotations

import asyncio
import contextlib
import signal

import uvicorn

from fabu.app import create_app
from fabu.jobs.supervision import work_through_outages
from fabu.jobs.worker import build_worker
from fabu.services import start_services
from fabu.settings import Settings


async def serve(settings: Settings, *, with_worker: bool) -> None:
    """Serve the API until SIGINT/SIGTERM; with ``with_worker`` also run an arq worker in this loop."""
    services = await start_services(settings)
    app = create_app(settings, services)
    server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info", lifespan="on"))
    # uvicorn installs its own handlers and stops on the first Ctrl-C; the worker follows it.
    try:
        if not with_worker:
            await server.serve()
        else:
            worker_task = asyncio.create_task(work_through_outages(lambda: build_worker(settings, services=services)))
            try:
                await server.serve()
            finally:
                worker_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker_task
    finally:
        await services.close()


async def run_worker(settings: Settings) -> None:
    """Run a standalone worker until SIGINT/SIGTERM, through Redis outages (see :mod:`fabu.jobs.supervision`)."""
    services = await start_services(settings)
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(work_through_outages(lambda: build_worker(settings, services=services)))
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    finally:
        await services.close()
