"""Reach from the datacube statistics, and readers' comments from comment/list."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from fabu.channels import ChannelContext, PublicationRef, TerminalChannelError
from fabu.channels.testing import FixedClock, sample_release
from fabu_wechat import WeChatChannel, WeChatConfig
from fabu_wechat.testing.fake import FakeWeChat

Context = ChannelContext[WeChatConfig]
plugin = WeChatChannel()


async def publish(ctx: Context) -> PublicationRef:
    release = sample_release()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(ctx, release))
    await plugin.status(ctx, ref)
    return ref


async def test_metrics_read_the_articles_totals_and_counts_its_comments(
    wechat: FakeWeChat, channel_context: Context, clock: FixedClock
) -> None:
    ref = await publish(channel_context)
    msg_data_id = ref.external_ids["msg_data_id"]
    wechat.record_reads(msg_data_id, date(2025, 3, 1), int_page_read_count=120, share_count=5, add_to_fav_count=2)
    wechat.record_reads(msg_data_id, date(2025, 3, 2), int_page_read_count=30, share_count=1)
    wechat.add_comment(msg_data_id, "办理地点在哪里？", openid="oUser000001", created=1740830400)
    clock.advance(2 * 86400)  # two days later, so 1 and 2 March are in the statistics

    metrics = await plugin.metrics(channel_context, ref)

    assert (metrics.views, metrics.shares, metrics.comments) == (150, 6, 1)
    assert metrics.extra["add_to_fav_count"] == 2
    assert metrics.extra["int_page_read_count_yesterday"] == 30
    assert metrics.extra["account_share_count_yesterday"] == 1
    assert metrics.measured_at == clock()


async def test_a_publication_of_today_has_no_statistics_yet(wechat: FakeWeChat, channel_context: Context) -> None:
    ref = await publish(channel_context)

    metrics = await plugin.metrics(channel_context, ref)

    assert (metrics.views, metrics.shares, metrics.comments) == (None, None, 0)
    assert wechat.calls_to("/datacube/getarticletotal") == 0


async def test_feedback_lists_comments_after_since_oldest_first(wechat: FakeWeChat, channel_context: Context) -> None:
    ref = await publish(channel_context)
    msg_data_id = ref.external_ids["msg_data_id"]
    late = wechat.add_comment(msg_data_id, "已收到，谢谢", openid="oUser000002", created=1740902400)
    early = wechat.add_comment(msg_data_id, "办理地点在哪里？", openid="oUser000001", created=1740830400, selected=True)

    everything = await plugin.feedback(channel_context, ref)
    recent = await plugin.feedback(channel_context, ref, since=datetime(2025, 3, 2, tzinfo=UTC))

    assert [item.external_id for item in everything] == [early, late]
    assert everything[0].author == "微信用户 000001"
    assert [item.text for item in recent] == ["已收到，谢谢"]


async def test_feedback_pages_through_many_comments(wechat: FakeWeChat, channel_context: Context) -> None:
    ref = await publish(channel_context)
    for n in range(120):
        wechat.add_comment(ref.external_ids["msg_data_id"], f"留言{n}", openid=f"o{n:06d}", created=1740830400 + n)

    items = await plugin.feedback(channel_context, ref)

    assert len(items) == 120
    assert wechat.calls_to("/cgi-bin/comment/list") == 3  # pages of 49: "count >= 50 is refused"


async def test_closed_comments_are_terminal_for_feedback_and_uncounted_in_metrics(
    wechat: FakeWeChat, channel_context: Context, channel_config: WeChatConfig
) -> None:
    ctx = dataclasses.replace(channel_context, config=channel_config.model_copy(update={"open_comment": False}))
    ref = await publish(ctx)

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.feedback(ctx, ref)
    metrics = await plugin.metrics(ctx, ref)

    assert caught.value.code == "88000"
    assert metrics.comments is None
