"""Implementations of :class:`~fabu.channels.api.ChannelCache`, the per-tenant scope, and a lock on top.

The platform builds one store per process (:class:`RedisCache` in production, so every worker
shares it; :class:`InMemoryCache` for tests and embedded mode) and hands each plugin call a view
scoped to the call's tenant and channel (:func:`scoped_cache`), so one tenant's keys can never
reach another's. Values are strings: store JSON if you need structure.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Final
from uuid import UUID

from redis.asyncio import Redis

from fabu.channels.api import ChannelCache

__all__ = ["InMemoryCache", "RedisCache", "cache_lock", "scoped_cache"]

_COMPARE_AND_DELETE: Final = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
    "else return 0 end"
)


def _check_ttl(ttl: float) -> None:
    if not ttl > 0:
        raise ValueError(f"缓存有效期须为正数 / a cache TTL must be positive, got {ttl!r}")


class InMemoryCache:
    """A :class:`ChannelCache` in this process's memory: for tests, development and embedded mode.

    Args:
        clock: Seconds on a monotonic scale; tests pass a fake to expire entries without waiting.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[str, float]] = {}

    def _live(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        return value

    async def get(self, key: str) -> str | None:
        """The value under ``key``, or ``None``."""
        return self._live(key)

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds."""
        _check_ttl(ttl)
        self._entries[key] = (value, self._clock() + ttl)

    async def add(self, key: str, value: str, *, ttl: float) -> bool:
        """Store ``value`` only if ``key`` is absent (atomic: no ``await`` between check and store)."""
        _check_ttl(ttl)
        if self._live(key) is not None:
            return False
        self._entries[key] = (value, self._clock() + ttl)
        return True

    async def delete(self, key: str, *, expected: str | None = None) -> bool:
        """Remove ``key``, only while it holds ``expected`` if given."""
        current = self._live(key)
        if current is None or (expected is not None and current != expected):
            return False
        del self._entries[key]
        return True


class RedisCache:
    """A :class:`ChannelCache` in Redis, shared by every API and worker process.

    Args:
        redis: A ``redis.asyncio.Redis`` client (``decode_responses`` either way).
        prefix: Prepended to every key, to keep the channels' keys apart from other users of the server.
    """

    def __init__(self, redis: Redis, *, prefix: str = "fabu:channels:") -> None:
        self._redis = redis
        self._prefix = prefix

    async def get(self, key: str) -> str | None:
        """The value under ``key``, or ``None``."""
        value = await self._redis.get(self._prefix + key)
        if isinstance(value, bytes):
            return value.decode()
        return None if value is None else str(value)

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds (``SET ... PX``)."""
        _check_ttl(ttl)
        await self._redis.set(self._prefix + key, value, px=_millis(ttl))

    async def add(self, key: str, value: str, *, ttl: float) -> bool:
        """Store ``value`` only if ``key`` is absent (``SET ... NX PX``)."""
        _check_ttl(ttl)
        stored = await self._redis.set(self._prefix + key, value, px=_millis(ttl), nx=True)
        return bool(stored)

    async def delete(self, key: str, *, expected: str | None = None) -> bool:
        """Remove ``key``; with ``expected``, compare and delete in one Lua script."""
        if expected is None:
            removed = await self._redis.delete(self._prefix + key)
        else:
            removed = await self._redis.eval(  # type: ignore[misc]  # redis-py types eval as sync-or-async
                _COMPARE_AND_DELETE, 1, self._prefix + key, expected
            )
        return bool(removed)


def _millis(ttl: float) -> int:
    return max(1, round(ttl * 1000))


class _ScopedCache:
    """A view of a cache whose keys all live under one prefix."""

    def __init__(self, store: ChannelCache, prefix: str) -> None:
        self._store = store
        self._prefix = prefix

    async def get(self, key: str) -> str | None:
        return await self._store.get(self._prefix + key)

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        await self._store.set(self._prefix + key, value, ttl=ttl)

    async def add(self, key: str, value: str, *, ttl: float) -> bool:
        return await self._store.add(self._prefix + key, value, ttl=ttl)

    async def delete(self, key: str, *, expected: str | None = None) -> bool:
        return await self._store.delete(self._prefix + key, expected=expected)


def scoped_cache(store: ChannelCache, tenant_id: UUID, channel: str) -> ChannelCache:
    """The view of ``store`` that a plugin call for ``tenant_id`` on ``channel`` gets as ``ctx.cache``."""
    if not channel:
        raise ValueError("缓存须按渠道划分 / a cache scope needs the channel's name")
    return _ScopedCache(store, f"{tenant_id}:{channel}:")


@asynccontextmanager
async def cache_lock(
    cache: ChannelCache,
    name: str,
    *,
    ttl: float = 30.0,
    wait: float = 10.0,
    poll: float = 0.05,
) -> AsyncIterator[bool]:
    """Hold the lock ``name`` across workers; yields whether it was acquired within ``wait`` seconds.

    The lock is a key set only if absent and expires after ``ttl`` seconds, so a worker that dies
    holding it blocks the others for ``ttl`` at most; on exit it is released only if still ours. A
    caller that did not get it should re-check what the holder was doing (e.g. read the token the
    holder refreshed) before doing the work itself.

    Args:
        cache: The tenant's cache (``ctx.cache``).
        name: The lock's key, e.g. ``"lock:access_token"``.
        ttl: Seconds after which an unreleased lock frees itself; longer than the work takes.
        wait: Seconds to wait for a lock another worker holds.
        poll: Seconds between attempts while waiting.
    """
    owner = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    acquired = await cache.add(name, owner, ttl=ttl)
    while not acquired and time.monotonic() < deadline:
        await asyncio.sleep(poll)
        acquired = await cache.add(name, owner, ttl=ttl)
    try:
        yield acquired
    finally:
        if acquired:
            await cache.delete(name, expected=owner)
