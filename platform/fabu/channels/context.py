"""Build a :class:`ChannelContext`: the pipeline does it for each call, a plugin's tests for a fake server."""

from __future__ import annotations

import functools
import logging
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Final
from uuid import UUID

import httpx

from fabu.channels.api import (
    API_VERSION,
    ChannelCache,
    ChannelContext,
    Clock,
    ConfigT,
    MediaReader,
)
from fabu.channels.cache import InMemoryCache, scoped_cache

__all__ = ["DEFAULT_TIMEOUT", "PROCESS_CACHE", "open_context", "utc_now"]

DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
"""Timeouts of the context's HTTP client unless the caller sets others."""

PROCESS_CACHE: Final = InMemoryCache()
"""The cache store of contexts opened without one: shared within this process only (dev, embedded mode)."""


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The process's verifying TLS context, shared by every context's HTTP client.

    Building one loads the CA bundle: done per client, it took about three quarters of a delivery
    job's CPU time (``benchmarks/bench_delivery.py``). A context is safe to share between clients.
    """
    return httpx.create_ssl_context()


def utc_now() -> datetime:
    """The current time, aware, in UTC: the default :data:`Clock`."""
    return datetime.now(UTC)


@asynccontextmanager
async def open_context(
    *,
    tenant_id: UUID,
    config: ConfigT,
    media: MediaReader,
    channel: str = "",
    clock: Clock = utc_now,
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger] | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - configures the HTTP client, does not bound this call
    transport: httpx.AsyncBaseTransport | None = None,
    cache: ChannelCache | None = None,
) -> AsyncIterator[ChannelContext[ConfigT]]:
    """A context whose HTTP client lives as long as the ``async with`` block.

    Args:
        tenant_id: The unit the calls are for.
        config: The tenant's decrypted config for the channel.
        media: Reads attachment bytes by key.
        channel: The plugin's name: the default logger is ``fabu.channels.<channel>``, and the cache
            is scoped to it.
        clock: The current time (tests pass a fixed clock).
        logger: Where the plugin logs; defaults to the channel's logger.
        timeout: The HTTP client's timeouts.
        transport: An httpx transport, e.g. ``httpx.MockTransport`` for a fake server in tests.
        cache: The process's cache store (a ``RedisCache`` in production); the context gets its view
            scoped to ``tenant_id`` and ``channel``. Defaults to :data:`PROCESS_CACHE`.
    """
    headers = {"User-Agent": f"fabu-channels/{API_VERSION}"}
    async with httpx.AsyncClient(
        timeout=timeout, transport=transport, headers=headers, verify=_tls_context()
    ) as http:
        yield ChannelContext(
            tenant_id=tenant_id,
            config=config,
            http=http,
            media=media,
            clock=clock,
            logger=logger or logging.getLogger(f"fabu.channels.{channel or 'plugin'}"),
            cache=scoped_cache(
                PROCESS_CACHE if cache is None else cache, tenant_id, channel or "plugin"
            ),
        )
