"""The access token: fetched once, shared by every worker through the cache, refreshed only when refused."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager

import pytest
from pydantic import SecretStr

from fabu.channels import (
    AuthExpiredError,
    ChannelContext,
    InMemoryCache,
    PublicationRef,
    open_context,
)
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia, sample_release
from fabu_wechat import WeChatChannel, WeChatConfig
from fabu_wechat.testing.fake import FakeWeChat

from .conftest import QUICK

Context = ChannelContext[WeChatConfig]


def worker(
    config: WeChatConfig, cache: InMemoryCache, clock: FixedClock, media: InMemoryMedia
) -> AbstractAsyncContextManager[Context]:
    """Another worker process: its own plugin instance and context, the same shared cache."""
    return open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=config,
        media=media,
        channel="wechat",
        clock=clock,
        timeout=QUICK,
        cache=cache,
    )


async def test_the_token_is_fetched_once_and_shared_by_every_worker(
    wechat: FakeWeChat,
    channel_config: WeChatConfig,
    cache: InMemoryCache,
    clock: FixedClock,
    channel_media: InMemoryMedia,
) -> None:
    async with worker(channel_config, cache, clock, channel_media) as first:
        await WeChatChannel().publish(first, sample_release())
    async with worker(channel_config, cache, clock, channel_media) as second:
        await WeChatChannel().publish(second, sample_release(title="关于第二项工作的通知"))

    assert wechat.state.token_fetches == 1
    assert len(wechat.state.jobs) == 2


async def test_concurrent_workers_with_an_empty_cache_fetch_the_token_once(
    wechat: FakeWeChat,
    channel_config: WeChatConfig,
    cache: InMemoryCache,
    clock: FixedClock,
    channel_media: InMemoryMedia,
) -> None:
    async def publish(title: str) -> None:
        async with worker(channel_config, cache, clock, channel_media) as ctx:
            await WeChatChannel().publish(ctx, sample_release(title=title))

    await asyncio.gather(*(publish(f"通知第{n}号") for n in range(4)))

    assert wechat.state.token_fetches == 1
    assert len(wechat.state.jobs) == 4


async def test_an_expired_token_is_refreshed_once_and_the_call_succeeds(
    wechat: FakeWeChat,
    channel_context: Context,
    channel_config: WeChatConfig,
    cache: InMemoryCache,
    clock: FixedClock,
    channel_media: InMemoryMedia,
) -> None:
    plugin = WeChatChannel()
    release = sample_release()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))
    wechat.expire_tokens()

    report = await plugin.status(channel_context, ref)

    assert report.state.value == "published"
    assert wechat.state.token_fetches == 2
    # Another worker finds the refreshed token in the shared cache: no third fetch.
    async with worker(channel_config, cache, clock, channel_media) as other:
        await WeChatChannel().status(other, ref)
    assert wechat.state.token_fetches == 2


async def test_a_token_close_to_its_expiry_is_renewed_before_wechat_refuses_it(
    wechat: FakeWeChat, channel_context: Context, clock: FixedClock
) -> None:
    plugin = WeChatChannel()
    await plugin.publish(channel_context, sample_release())

    clock.advance(7200 - 200)  # inside the last five minutes
    await plugin.publish(channel_context, sample_release(title="关于续期的通知"))

    assert wechat.state.token_fetches == 2
    tokens = list(wechat.state.tokens)
    assert len(tokens) == 2  # stable_token handed out a new token in the last five minutes


async def test_a_token_refused_again_after_refreshing_means_the_credentials_are_wrong(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.fail_next(40001, "/cgi-bin/freepublish/batchget", times=2)

    with pytest.raises(AuthExpiredError, match="40001"):
        await WeChatChannel().status(channel_context, PublicationRef.for_release(sample_release()))

    assert wechat.state.token_fetches == 2


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("app_secret", "wrong-secret", "40125"), ("app_id", "wx0000000000000000", "40013")],
)
async def test_wrong_credentials_need_a_person_and_publish_nothing(
    wechat: FakeWeChat,
    channel_config: WeChatConfig,
    channel_media: InMemoryMedia,
    clock: FixedClock,
    field: str,
    value: str,
    code: str,
) -> None:
    wrong = SecretStr(value) if field == "app_secret" else value
    config = channel_config.model_copy(update={field: wrong})
    async with worker(config, InMemoryCache(), clock, channel_media) as ctx:
        with pytest.raises(AuthExpiredError, match=code):
            await WeChatChannel().publish(ctx, sample_release())

    assert wechat.state.jobs == {}


async def test_the_classic_token_endpoint_works_too(
    wechat: FakeWeChat,
    channel_config: WeChatConfig,
    channel_media: InMemoryMedia,
    clock: FixedClock,
) -> None:
    config = channel_config.model_copy(update={"token_endpoint": "token"})
    cache = InMemoryCache()
    async with worker(config, cache, clock, channel_media) as ctx:
        await WeChatChannel().publish(ctx, sample_release())
        await WeChatChannel().publish(ctx, sample_release(title="第二篇"))

    assert wechat.state.token_fetches == 1
    assert all(token.family == "classic" for token in wechat.state.tokens.values())


async def test_a_short_lived_token_is_renewed_halfway_through_its_life(
    wechat: FakeWeChat, channel_context: Context, clock: FixedClock
) -> None:
    wechat.state.token_lifetime = 120  # the fake's short-expiry knob
    plugin = WeChatChannel()
    await plugin.publish(channel_context, sample_release())

    clock.advance(30)
    await plugin.publish(channel_context, sample_release(title="第二篇"))
    clock.advance(40)  # 70 s into a 120 s token: past half its life
    await plugin.publish(channel_context, sample_release(title="第三篇"))

    assert wechat.state.token_fetches == 2
