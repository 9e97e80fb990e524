"""Fixtures for the loopback plugin's tests: a live service, and the conformance kit pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from fabu.channels import ChannelContext, ChannelPlugin, open_context
from fabu.channels.registry import load_plugin
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia
from fabu_loopback import LoopbackConfig, LoopbackServer

API_KEY = "loopback-test-key"


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """A fresh service on a free port for each test."""
    with LoopbackServer(api_key=API_KEY) as server:
        yield server


@pytest.fixture
def channel_plugin() -> ChannelPlugin[Any]:
    """The plugin, loaded through its entry point exactly as the platform loads it."""
    return load_plugin("loopback")


@pytest.fixture
def channel_config(loopback_server: LoopbackServer) -> LoopbackConfig:
    return LoopbackConfig(base_url=loopback_server.base_url, api_key=API_KEY)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest_asyncio.fixture
async def channel_context(
    channel_config: LoopbackConfig, channel_media: InMemoryMedia, clock: FixedClock
) -> AsyncIterator[ChannelContext[LoopbackConfig]]:
    """A context pointed at the service; reads time out after 1 s, so a stall (3 s) is quick to provoke."""
    timeout = httpx.Timeout(connect=2.0, read=1.0, write=2.0, pool=2.0)
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="loopback",
        clock=clock,
        timeout=timeout,
    ) as ctx:
        yield ctx
