"""Fixtures: a fake WeChat on a free port, a shared cache, and the conformance kit pointed at both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from fabu.channels import ChannelContext, ChannelPlugin, InMemoryCache, open_context
from fabu.channels.registry import load_plugin
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia
from fabu_wechat import WeChatConfig
from fabu_wechat.testing.fake import AES_KEY, APP_ID, APP_SECRET, CALLBACK_TOKEN, FakeWeChat

Context = ChannelContext[WeChatConfig]

#: Reads give up after 0.5 s, so a stalled answer (1.5 s) is quick to provoke.
QUICK = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)


@pytest.fixture
def clock() -> FixedClock:
    """The time for the plugin and the fake alike (2025-03-01 08:00 UTC, 16:00 in Beijing)."""
    return FixedClock()


@pytest.fixture
def wechat(clock: FixedClock) -> Iterator[FakeWeChat]:
    with FakeWeChat(clock=clock) as server:
        yield server


@pytest.fixture
def channel_plugin() -> ChannelPlugin[Any]:
    """The plugin, loaded through its entry point exactly as the platform loads it."""
    return load_plugin("wechat")


@pytest.fixture
def channel_config(wechat: FakeWeChat) -> WeChatConfig:
    return WeChatConfig(
        base_url=wechat.base_url,
        app_id=APP_ID,
        app_secret=APP_SECRET,
        callback_token=CALLBACK_TOKEN,
        encoding_aes_key=AES_KEY,
    )


@pytest.fixture
def cache() -> InMemoryCache:
    """The store every worker of the test shares (the platform's Redis in production)."""
    return InMemoryCache()


@pytest_asyncio.fixture
async def channel_context(
    channel_config: WeChatConfig,
    channel_media: InMemoryMedia,
    clock: FixedClock,
    cache: InMemoryCache,
    wechat: FakeWeChat,
) -> AsyncIterator[Context]:
    """A context on the fake; publish jobs end at their first poll, as the conformance kit expects."""
    wechat.state.publish_polls = 0
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="wechat",
        clock=clock,
        timeout=QUICK,
        cache=cache,
    ) as ctx:
        yield ctx
