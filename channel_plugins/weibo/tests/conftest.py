"""Fixtures: a fake Weibo on a free port, and the conformance kit pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from fabu.channels import ChannelContext, ChannelPlugin, InMemoryCache, ReleaseSnapshot, open_context
from fabu.channels.registry import load_plugin
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia, sample_release
from fabu_weibo import WeiboConfig
from fabu_weibo.testing.fake import TOKEN, FakeWeibo

Context = ChannelContext[WeiboConfig]

PORTAL = "https://www.example.gov.cn/zwgk/2025/0301/notice.html"
#: Reads give up after 0.5 s, so a stalled answer (1.5 s) is quick to provoke.
QUICK = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)


def weibo_release(**overrides: Any) -> ReleaseSnapshot:
    """The sample release once the portal has published it, with a link under the app's safe domain."""
    return sample_release(**({"links": {"portal": PORTAL}} | overrides))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def weibo(clock: FixedClock) -> Iterator[FakeWeibo]:
    with FakeWeibo(clock=clock) as server:
        yield server


@pytest.fixture
def channel_plugin() -> ChannelPlugin[Any]:
    """The plugin, loaded through its entry point exactly as the platform loads it."""
    return load_plugin("weibo")


@pytest.fixture
def channel_release() -> ReleaseSnapshot:
    return weibo_release()


@pytest.fixture
def channel_config(weibo: FakeWeibo) -> WeiboConfig:
    return WeiboConfig(
        base_url=weibo.base_url,
        access_token=TOKEN,
        safe_domains=("www.example.gov.cn",),
    )


@pytest.fixture
def cache() -> InMemoryCache:
    return InMemoryCache()


@pytest_asyncio.fixture
async def channel_context(
    channel_config: WeiboConfig, channel_media: InMemoryMedia, clock: FixedClock, cache: InMemoryCache
) -> AsyncIterator[Context]:
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="weibo",
        clock=clock,
        timeout=QUICK,
        cache=cache,
    ) as ctx:
        yield ctx
