"""Helpers the benchmarks share: an embedded platform to measure, and a fixed-size load driver.

Nothing here is a mock. ``embedded_platform`` starts real PostgreSQL and Redis servers (the
wheels ``fabu dev`` and the tests use) in a temporary directory, migrates a fresh database and
connects the platform's services exactly as the test suite does; everything is removed on exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from fabu.db.migrate import migrate
from fabu.devstack import EmbeddedPostgres, EmbeddedRedis, ensure_database
from fabu.services import Services, start_services
from fabu.settings import Environment, Settings

BENCH_DATABASE = "fabu_bench"
# Production settings: error masking on, GraphiQL off, as a deployment runs. The secret only has
# to be long enough; the tokens it signs live as long as the temporary database.
BENCH_JWT_SECRET = "benchmark-only-secret-benchmark-only-secret"


@dataclass(frozen=True)
class EmbeddedPlatform:
    """A migrated database, the platform's connected services, and the owner URL for maintenance (ANALYZE)."""

    settings: Settings
    services: Services
    owner_url: str


@asynccontextmanager
async def embedded_platform(*, db_pool_size: int) -> AsyncIterator[EmbeddedPlatform]:
    """Start PostgreSQL and Redis in a temp dir, migrate, connect the services; tear all down after."""
    with tempfile.TemporaryDirectory(prefix="fabu-bench-") as temporary:
        root = Path(temporary)
        postgres = EmbeddedPostgres(root / "postgres", delete_on_stop=True)
        redis = EmbeddedRedis(root / "redis", persist=False)
        try:
            server_url = postgres.start()
            redis_url = redis.start()
            owner_url = await ensure_database(server_url, BENCH_DATABASE)
            settings = bench_settings(root / "data", owner_url, redis_url, db_pool_size)
            await quiet_migrate(owner_url, settings)
            services = await start_services(settings)
            try:
                yield EmbeddedPlatform(settings=settings, services=services, owner_url=owner_url)
            finally:
                await services.close()
        finally:
            redis.stop()
            postgres.stop()


async def quiet_migrate(owner_url: str, settings: Settings) -> None:
    """Migrate without Piccolo's progress output, which is shown only if migrating fails."""
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            await migrate(owner_url, settings.app_db_role, settings.app_db_password.get_secret_value())
    except Exception:
        sys.stderr.write(output.getvalue())
        raise


def bench_settings(data_dir: Path, owner_url: str, redis_url: str, db_pool_size: int) -> Settings:
    """Production settings on the embedded servers; cheap password hashing (logins are not measured)."""
    return Settings(
        env=Environment.PRODUCTION,
        data_dir=data_dir,
        database_url=owner_url,
        redis_url=redis_url,
        jwt_secret=SecretStr(BENCH_JWT_SECRET),
        argon2_time_cost=1,
        argon2_memory_kib=8,
        db_pool_size=db_pool_size,
    )


def in_process_client(app: Any, base_url: str) -> httpx.AsyncClient:
    """An HTTP client calling an ASGI app in this event loop, with no socket in between.

    ``app`` is typed ``Any`` because httpx's ASGI protocol and Litestar's are equal at run time but
    spelled differently for mypy.
    """
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


async def requests_per_second(send: Callable[[], Awaitable[object]], requests: int, concurrency: int) -> float:
    """Send ``requests`` requests through ``concurrency`` workers that each send one at a time."""
    remaining = iter(range(requests))

    async def worker() -> None:
        for _ in remaining:  # one iterator shared by all workers: each request is sent exactly once
            await send()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return requests / (time.perf_counter() - started)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def quiet_logging() -> None:
    """Litestar sets the root logger to INFO; httpx and pgserver would then log every step."""
    for name in ("httpx", "pgserver"):
        logging.getLogger(name).setLevel(logging.WARNING)


def run_and_report(run: Callable[[], Coroutine[Any, Any, dict[str, Any]]], report: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A benchmark's ``main``: run it quietly, print its report, return its figures."""
    quiet_logging()
    figures = asyncio.run(run())
    report(figures)
    return figures
