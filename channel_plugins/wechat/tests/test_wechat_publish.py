"""Publishing a release as a WeChat article, following its job, and taking it down."""

from __future__ import annotations

import pytest

from fabu.channels import (
    ChannelContext,
    PublicationRef,
    PublicationState,
    ReleaseSnapshot,
    RetryableChannelError,
    TerminalChannelError,
)
from fabu.channels.testing import SAMPLE_IMAGE, SAMPLE_IMAGE_KEY, sample_release
from fabu_wechat import WeChatChannel, WeChatConfig
from fabu_wechat.testing.fake import FakeWeChat

Context = ChannelContext[WeChatConfig]
plugin = WeChatChannel()
PORTAL = "https://www.example.gov.cn/zwgk/2025/0301/notice.html"


def release_with_chart(**overrides: object) -> ReleaseSnapshot:
    body = f'<p>图表如下：</p><p><img src="{SAMPLE_IMAGE_KEY}" alt="图表"></p><p>特此通知。</p>'
    fields: dict[str, object] = {
        "body_html": body,
        "links": {"portal": PORTAL},
        "variant": {"author": "市政府办公室"},
    }
    return sample_release(**(fields | overrides))


async def test_publishing_creates_a_draft_with_the_documented_fields_and_submits_it(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.state.publish_polls = 1
    release = release_with_chart()

    receipt = await plugin.publish(channel_context, release)

    assert receipt.state is PublicationState.PENDING
    assert set(receipt.external_ids) >= {"publish_id", "msg_data_id", "submitted_on"}
    assert receipt.external_ids["submitted_on"] == "2025-03-01"
    job = wechat.state.jobs[receipt.external_ids["publish_id"]]
    article = job.article
    assert article["title"] == release.title
    assert article["author"] == "市政府办公室"
    assert article["digest"] == release.summary
    assert article["content_source_url"] == PORTAL
    assert (article["need_open_comment"], article["only_fans_can_comment"]) == (1, 0)
    assert wechat.state.materials[article["thumb_media_id"]] == SAMPLE_IMAGE
    assert wechat.state.drafts == {}  # the draft left the draft box when submitted


async def test_body_images_are_uploaded_and_the_body_points_at_wechats_copies(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    receipt = await plugin.publish(channel_context, release_with_chart())

    content = wechat.state.jobs[receipt.external_ids["publish_id"]].article["content"]
    (url,) = wechat.state.images
    assert wechat.state.images[url] == SAMPLE_IMAGE
    assert f'src="{url}"' in content
    assert SAMPLE_IMAGE_KEY not in content
    assert "特此通知" in content


async def test_status_follows_the_job_from_publishing_to_published(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.state.publish_polls = 1
    release = release_with_chart()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))

    first = await plugin.status(channel_context, ref)
    second = await plugin.status(channel_context, ref)

    assert first.state is PublicationState.PENDING
    assert second.state is PublicationState.PUBLISHED
    (article,) = wechat.published()
    assert second.external_ids["article_id"] == article.article_id
    assert second.url == article.url


@pytest.mark.parametrize(
    ("outcome", "words"),
    [(2, "原创"), (3, "发布失败"), (4, "平台审核不通过")],
    ids=["original-check-failed", "general-failure", "rejected-by-review"],
)
async def test_a_job_that_fails_reports_failed_with_the_reason(
    wechat: FakeWeChat, channel_context: Context, outcome: int, words: str
) -> None:
    wechat.state.job_outcome = outcome
    release = release_with_chart()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))

    report = await plugin.status(channel_context, ref)

    assert report.state is PublicationState.FAILED
    assert words in report.message
    assert f"publish_status={outcome}" in report.message
    if outcome in (2, 4):
        assert "fail_idx=1" in report.message


async def test_retract_deletes_the_article_and_status_then_says_retracted(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    release = release_with_chart()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))

    report = await plugin.retract(channel_context, ref)

    assert report.state is PublicationState.RETRACTED
    (article,) = wechat.published()
    assert article.is_deleted
    assert report.external_ids["article_id"] == article.article_id
    assert (await plugin.status(channel_context, ref)).state is PublicationState.RETRACTED


async def test_an_article_deleted_in_the_console_or_banned_is_reported(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    first = PublicationRef.for_release(release_with_chart()).with_ids(
        await plugin.publish(channel_context, release_with_chart())
    )
    second_release = release_with_chart(title="关于开展安全生产检查的通知")
    second = PublicationRef.for_release(second_release).with_ids(await plugin.publish(channel_context, second_release))
    await plugin.status(channel_context, first)
    await plugin.status(channel_context, second)
    by_title = {a.article["title"]: a.article_id for a in wechat.published()}

    wechat.delete_by_user(by_title[release_with_chart().title])
    wechat.ban(by_title["关于开展安全生产检查的通知"])

    deleted = await plugin.status(channel_context, first)
    banned = await plugin.status(channel_context, second)
    assert deleted.state is PublicationState.RETRACTED
    assert banned.state is PublicationState.FAILED
    assert "封禁" in banned.message


async def test_retracting_while_the_job_still_runs_is_retryable_later(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.state.publish_polls = 5
    release = release_with_chart()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))

    with pytest.raises(RetryableChannelError) as caught:
        await plugin.retract(channel_context, ref)

    assert caught.value.retry_after == 60
    assert wechat.calls_to("/cgi-bin/freepublish/delete") == 0


async def test_retracting_a_publication_that_never_went_live_is_terminal(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    wechat.state.job_outcome = 4
    release = release_with_chart()
    ref = PublicationRef.for_release(release).with_ids(await plugin.publish(channel_context, release))

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.retract(channel_context, ref)

    assert caught.value.code == "not_published"
