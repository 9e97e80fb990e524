"""What /healthz checks: each backing service answers within a short timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from fabu.db.engine import DB

TIMEOUT_SECONDS = 3.0


async def _probe(check: Awaitable[Any]) -> str:
    try:
        await asyncio.wait_for(check, TIMEOUT_SECONDS)
    except Exception as error:
        return f"down: {type(error).__name__}: {error}"[:300]
    return "ok"


async def check_health(services: Any) -> dict[str, Any]:
    """{"status": "ok" | "degraded", "checks": {"database": ..., "redis": ..., "object_store": ...}}."""
    database, redis, store = await asyncio.gather(
        _probe(DB.fetch("select 1")),
        _probe(services.redis.ping()),
        _probe(services.store.ping()),
    )
    checks = {"database": database, "redis": redis, "object_store": store}
    return {"status": "ok" if all(v == "ok" for v in checks.values()) else "degraded", "checks": checks}
