"""Posting a release to Weibo with its portal link and picture, reading it back, and deleting it."""

from __future__ import annotations

from datetime import UTC, datetime

from fabu.channels import ChannelContext, PublicationRef, PublicationState
from fabu.channels.testing import SAMPLE_IMAGE
from fabu_weibo import WeiboChannel, WeiboConfig
from fabu_weibo.testing.fake import FakeWeibo

from .conftest import PORTAL, weibo_release

Context = ChannelContext[WeiboConfig]
plugin = WeiboChannel()


async def test_a_post_carries_the_title_the_summary_the_portal_link_and_the_picture(
    weibo: FakeWeibo, channel_context: Context
) -> None:
    release = weibo_release()

    receipt = await plugin.publish(channel_context, release)

    (post,) = weibo.posts()
    assert post["_raw_text"] == f"【{release.title}】{release.summary} {PORTAL}"
    assert weibo.state.pictures[post["idstr"]] == SAMPLE_IMAGE
    assert receipt.state is PublicationState.PUBLISHED
    assert receipt.external_ids == {"id": post["idstr"], "mid": post["mid"], "uid": weibo.state.uid}
    assert receipt.url == f"https://weibo.com/{weibo.state.uid}/{post['idstr']}"
    assert receipt.published_at == datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


async def test_a_release_without_pictures_is_posted_as_text(weibo: FakeWeibo, channel_context: Context) -> None:
    await plugin.publish(channel_context, weibo_release(attachments=()))

    (post,) = weibo.posts()
    assert weibo.state.pictures == {}
    assert "original_pic" not in post


async def test_the_editors_weibo_text_replaces_the_summary(weibo: FakeWeibo, channel_context: Context) -> None:
    release = weibo_release(variant={"weibo_text": "三月底前完成年度报告，详见原文。"})

    await plugin.publish(channel_context, release)

    (post,) = weibo.posts()
    assert post["_raw_text"] == f"【{release.title}】三月底前完成年度报告，详见原文。 {PORTAL}"


async def test_status_reads_the_post_back_and_retract_deletes_it(weibo: FakeWeibo, channel_context: Context) -> None:
    release = weibo_release()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))

    live = await plugin.status(channel_context, ref)
    removed = await plugin.retract(channel_context, ref)
    after = await plugin.status(channel_context, ref)

    assert live.state is PublicationState.PUBLISHED
    assert removed.state is PublicationState.RETRACTED
    assert weibo.posts() == []
    assert after.state is PublicationState.RETRACTED
    # Deleting what is already gone still reports it retracted.
    assert (await plugin.retract(channel_context, ref)).state is PublicationState.RETRACTED


async def test_metrics_count_reposts_comments_and_likes(weibo: FakeWeibo, channel_context: Context) -> None:
    release = weibo_release()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))
    post_id = ref.external_ids["id"]
    weibo.set_counts(post_id, reposts=12, attitudes=40)
    weibo.add_comment(post_id, "支持！", author="市民甲", at=datetime(2025, 3, 1, 9, tzinfo=UTC))

    metrics = await plugin.metrics(channel_context, ref)

    assert (metrics.views, metrics.shares, metrics.likes, metrics.comments) == (None, 12, 40, 1)


async def test_feedback_lists_comments_oldest_first_after_since_with_replies(
    weibo: FakeWeibo, channel_context: Context
) -> None:
    release = weibo_release()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))
    post_id = ref.external_ids["id"]
    first = weibo.add_comment(post_id, "办理地点在哪里？", author="李女士", at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    weibo.add_comment(
        post_id, "在政务服务中心。", author="张先生", at=datetime(2025, 3, 1, 10, tzinfo=UTC), reply_to=first
    )

    everything = await plugin.feedback(channel_context, ref)
    recent = await plugin.feedback(channel_context, ref, since=datetime(2025, 3, 1, 9, 30, tzinfo=UTC))

    assert [(i.author, i.text) for i in everything] == [("李女士", "办理地点在哪里？"), ("张先生", "在政务服务中心。")]
    assert everything[1].reply_to == first
    assert [i.author for i in recent] == ["张先生"]


async def test_feedback_pages_through_many_comments(weibo: FakeWeibo, channel_context: Context) -> None:
    release = weibo_release()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))
    for n in range(250):
        weibo.add_comment(
            ref.external_ids["id"],
            f"留言{n}",
            author=f"网友{n}",
            at=datetime(2025, 3, 1, 9, n // 60, n % 60, tzinfo=UTC),
        )

    items = await plugin.feedback(channel_context, ref)

    assert len(items) == 250
    assert items[0].text == "留言0"
    assert weibo.calls_to("/2/comments/show.json") == 2
