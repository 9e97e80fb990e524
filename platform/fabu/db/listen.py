"""One LISTEN connection per process, fanned out to in-process subscribers.

PostgreSQL delivers a NOTIFY only when the notifying transaction commits, so a subscriber hears
of committed changes only, in commit order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from fabu.db.engine import DB


class Listener:
    """Listens on ``channel`` and hands every payload to each current subscriber."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self._connection: Any = None
        self._queues: set[asyncio.Queue[str]] = set()
        self._lock = asyncio.Lock()

    async def _ensure(self) -> None:
        async with self._lock:
            if self._connection is None or self._connection.is_closed():
                self._connection = await asyncpg.connect(**DB.config)
                await self._connection.add_listener(self.channel, self._deliver)

    def _deliver(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        for queue in list(self._queues):
            queue.put_nowait(payload)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[str]]:
        await self._ensure()
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    async def close(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None


_listeners: dict[str, Listener] = {}


def listener(channel: str) -> Listener:
    """The process's listener for ``channel``."""
    if channel not in _listeners:
        _listeners[channel] = Listener(channel)
    return _listeners[channel]
