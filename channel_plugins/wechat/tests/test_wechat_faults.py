"""WeChat's failures mapped onto the taxonomy, and no article published twice."""

from __future__ import annotations

import pytest

from fabu.channels import (
    ChannelContext,
    OutcomeUnknownError,
    PublicationRef,
    PublicationState,
    RetryableChannelError,
    TerminalChannelError,
)
from fabu.channels.testing import InMemoryMedia, sample_release
from fabu_wechat import WeChatChannel, WeChatConfig
from fabu_wechat.testing.fake import FakeWeChat

Context = ChannelContext[WeChatConfig]
plugin = WeChatChannel()
SUBMIT = "/cgi-bin/freepublish/submit"


async def test_a_busy_wechat_is_retryable_and_the_retry_submits_the_same_draft(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.fail_next(-1, SUBMIT)
    release = sample_release()

    with pytest.raises(RetryableChannelError, match="busy"):
        await plugin.publish(channel_context, release)
    receipt = await plugin.publish(channel_context, release)

    assert receipt.state is PublicationState.PENDING
    assert wechat.calls_to("/cgi-bin/draft/add") == 1
    assert wechat.calls_to("/cgi-bin/material/add_material") == 1
    assert len(wechat.state.jobs) == 1


async def test_a_daily_quota_reached_waits_for_midnight_beijing_time_without_calling_again(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.set_quota(SUBMIT, 0)

    with pytest.raises(RetryableChannelError) as first:
        await plugin.publish(channel_context, sample_release())
    with pytest.raises(RetryableChannelError) as second:
        await plugin.publish(channel_context, sample_release())

    # FixedClock: 2025-03-01 16:00 in Beijing, so the quota resets in eight hours.
    assert first.value.retry_after == 8 * 3600
    assert second.value.retry_after == 8 * 3600
    assert wechat.calls_to(SUBMIT) == 1  # the second attempt knew from the shared cache
    assert wechat.state.jobs == {}


async def test_the_per_minute_limit_is_retryable_after_a_minute(wechat: FakeWeChat, channel_context: Context) -> None:
    wechat.fail_next(45011, SUBMIT)

    with pytest.raises(RetryableChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert caught.value.retry_after == 60


@pytest.mark.parametrize("errcode", [48001, 53503], ids=["api-unauthorized", "draft-check-failed"])
async def test_refusals_are_terminal_with_wechats_code(
    wechat: FakeWeChat, channel_context: Context, errcode: int
) -> None:
    wechat.fail_next(errcode, SUBMIT)

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert caught.value.code == str(errcode)


async def test_a_timeout_after_submitting_is_unknown_and_status_reconciles_it(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    release = sample_release()
    wechat.stall_next(SUBMIT, 1.5)  # accepted, answered after the 0.5 s read timeout

    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    # What the pipeline does next: never repeat, ask WeChat by release.
    ref = PublicationRef.for_release(release, attempted_at=channel_context.clock())
    wechat.finish_jobs()  # time passes; the job ends
    report = await plugin.status(channel_context, ref)
    assert report.state is PublicationState.PUBLISHED
    (article,) = wechat.published()
    assert report.external_ids == {"article_id": article.article_id}
    assert len(wechat.state.jobs) == 1


async def test_reconciling_while_the_job_still_runs_says_unknown_never_not_found(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.state.publish_polls = 3
    release = sample_release()
    wechat.stall_next(SUBMIT, 1.5)
    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    report = await plugin.status(channel_context, PublicationRef.for_release(release))

    assert report.state is PublicationState.UNKNOWN


async def test_publishing_again_after_an_unknown_outcome_cannot_duplicate_the_article(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    release = sample_release()
    wechat.stall_next(SUBMIT, 1.5)
    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    # Even if someone repeated the call, the draft it reuses was consumed by the first submit.
    with pytest.raises(OutcomeUnknownError, match="draft"):
        await plugin.publish(channel_context, release)

    assert len(wechat.state.jobs) == 1


async def test_a_changed_attachment_is_refused_before_anything_is_uploaded(
    wechat: FakeWeChat, channel_context: Context, channel_media: InMemoryMedia
) -> None:
    release = sample_release()
    channel_media.objects[release.attachments[0].key] = b"tampered"

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, release)

    assert caught.value.code == "attachment_changed"
    assert wechat.state.materials == {}
