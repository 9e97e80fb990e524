"""Weibo's failures mapped onto the taxonomy: the rate limit scheduled, nothing ever posted twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fabu.channels import (
    AuthExpiredError,
    ChannelContext,
    InMemoryCache,
    OutcomeUnknownError,
    PublicationRef,
    PublicationState,
    RetryableChannelError,
    TerminalChannelError,
    open_context,
)
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia
from fabu_weibo import WeiboChannel, WeiboConfig
from fabu_weibo.testing.fake import FakeWeibo

from .conftest import weibo_release

Context = ChannelContext[WeiboConfig]
plugin = WeiboChannel()
SHARE = "/2/statuses/share.json"


async def test_a_token_past_its_configured_expiry_is_refused_without_calling(
    weibo: FakeWeibo, channel_context: Context, clock: FixedClock, channel_media: InMemoryMedia
) -> None:
    expired = channel_context.config.model_copy(update={"token_expires_at": clock.now - timedelta(minutes=1)})
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID, config=expired, media=channel_media, channel="weibo", clock=clock
    ) as ctx:
        with pytest.raises(AuthExpiredError, match="expired"):
            await plugin.publish(ctx, weibo_release())

    assert weibo.state.calls == []


async def test_a_token_weibo_says_expired_needs_a_person(weibo: FakeWeibo, channel_context: Context) -> None:
    weibo.expire_token()

    with pytest.raises(AuthExpiredError, match="21327"):
        await plugin.publish(channel_context, weibo_release())

    assert weibo.posts() == []


async def test_a_missing_attachment_is_terminal_before_posting(
    weibo: FakeWeibo, channel_context: Context, channel_media: InMemoryMedia
) -> None:
    channel_media.objects.clear()

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, weibo_release())

    assert caught.value.code == "attachment_missing"
    assert weibo.state.calls == []


async def test_the_rate_limit_is_retryable_when_the_window_resets_and_is_not_hit_again(
    weibo: FakeWeibo, channel_context: Context, cache: InMemoryCache, clock: FixedClock
) -> None:
    weibo.state.share_limit = 0

    with pytest.raises(RetryableChannelError) as first:
        await plugin.publish(channel_context, weibo_release())
    with pytest.raises(RetryableChannelError) as second:
        await plugin.publish(channel_context, weibo_release())

    # FixedClock says 08:00:00 UTC: rate_limit_status reports the hourly reset in an hour.
    assert first.value.retry_after == 3600
    assert second.value.retry_after == 3600
    assert weibo.calls_to(SHARE) == 1  # the second attempt knew from the shared cache
    clock.advance(3600)
    weibo.state.share_limit = 30
    await plugin.publish(channel_context, weibo_release())
    assert len(weibo.posts()) == 1


def test_the_posting_rate_is_declared_for_the_pipeline_to_schedule() -> None:
    (posting, overall) = plugin.limits.rate_limits

    assert (posting.calls, posting.per_seconds, posting.capability) == (
        30,
        3600.0,
        plugin.capabilities & plugin.capabilities.PUBLISH,
    )
    assert (overall.calls, overall.per_seconds, overall.capability) == (100, 86_400.0, None)


async def test_a_timeout_after_posting_is_unknown_and_status_finds_the_one_post(
    weibo: FakeWeibo, channel_context: Context
) -> None:
    release = weibo_release()
    weibo.stall_next(SHARE, 1.5)  # posted, answered after the 0.5 s read timeout

    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    report = await plugin.status(channel_context, PublicationRef.for_release(release, channel_context.clock()))
    (post,) = weibo.posts()
    assert report.state is PublicationState.PUBLISHED
    assert report.external_ids["id"] == post["idstr"]


async def test_repeat_content_means_an_earlier_attempt_may_have_posted_so_it_is_unknown(
    weibo: FakeWeibo, channel_context: Context
) -> None:
    release = weibo_release()
    await plugin.publish(channel_context, release)

    with pytest.raises(OutcomeUnknownError, match="20019"):
        await plugin.publish(channel_context, release)

    assert len(weibo.posts()) == 1


@pytest.mark.parametrize(
    ("code", "http_status", "error"),
    [
        (10001, 500, OutcomeUnknownError),
        (10002, 503, RetryableChannelError),
        (20012, 400, TerminalChannelError),
    ],
    ids=["system-error-while-posting", "service-unavailable", "text-too-long"],
)
async def test_weibo_errors_map_onto_the_taxonomy(
    weibo: FakeWeibo, channel_context: Context, code: int, http_status: int, error: type[Exception]
) -> None:
    weibo.fail_next(code, SHARE, http_status=http_status)

    with pytest.raises(error):
        await plugin.publish(channel_context, weibo_release())

    assert weibo.posts() == []


async def test_reconciling_says_not_found_only_once_the_attempt_has_settled(
    weibo: FakeWeibo, channel_context: Context, clock: FixedClock
) -> None:
    release = weibo_release()
    weibo.fail_next(10002, SHARE, http_status=503)
    with pytest.raises(RetryableChannelError):
        await plugin.publish(channel_context, release)
    ref = PublicationRef.for_release(release, attempted_at=clock())

    early = await plugin.status(channel_context, ref)
    clock.advance(channel_context.config.settle_seconds)
    settled = await plugin.status(channel_context, ref)

    assert early.state is PublicationState.UNKNOWN
    assert settled.state is PublicationState.NOT_FOUND


async def test_two_posts_of_the_same_release_are_left_to_a_person(weibo: FakeWeibo, channel_context: Context) -> None:
    release = weibo_release()
    await plugin.publish(channel_context, release)
    await plugin.publish(channel_context, weibo_release(summary="（重发）" + release.summary))

    report = await plugin.status(channel_context, PublicationRef.for_release(release, channel_context.clock()))

    assert report.state is PublicationState.UNKNOWN
    assert "several" in report.message


async def test_a_refused_connection_is_retryable(
    clock: FixedClock, channel_config: WeiboConfig, channel_media: InMemoryMedia
) -> None:
    server = FakeWeibo(clock=clock).start()
    server.stop()
    config = channel_config.model_copy(update={"base_url": server.base_url})
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media, channel="weibo", clock=clock
    ) as ctx:
        with pytest.raises(RetryableChannelError):
            await plugin.publish(ctx, weibo_release())
