"""The loopback channel's own behaviour: review, media, feedback, metrics, limits and its secret."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from fabu.channels import (
    Attachment,
    ChannelContext,
    PublicationRef,
    PublicationState,
    open_context,
)
from fabu.channels.secrets import (
    KeyRing,
    config_context,
    merge_config,
    new_key,
    redacted,
    split_config,
)
from fabu.channels.testing import (
    SAMPLE_IMAGE,
    SAMPLE_TENANT_ID,
    InMemoryMedia,
    sample_release,
)
from fabu_loopback import LoopbackChannel, LoopbackConfig, LoopbackServer

Context = ChannelContext[LoopbackConfig]
plugin = LoopbackChannel()


async def test_a_post_under_review_is_pending_until_the_channel_approves_it(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    loopback_server.review = True
    release = sample_release()

    receipt = await plugin.publish(channel_context, release)
    ref = PublicationRef.for_release(release).with_ids(receipt)

    assert receipt.state is PublicationState.PENDING
    assert receipt.published_at is None
    assert (await plugin.status(channel_context, ref)).state is PublicationState.PENDING
    loopback_server.approve(receipt.external_ids["post_id"])
    assert (
        await plugin.status(channel_context, ref)
    ).state is PublicationState.PUBLISHED


async def test_a_post_rejected_in_review_reports_failed_with_the_reviewers_words(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    loopback_server.review = True
    release = sample_release()
    receipt = await plugin.publish(channel_context, release)

    loopback_server.reject(receipt.external_ids["post_id"], "标题含敏感词")
    report = await plugin.status(
        channel_context, PublicationRef.for_release(release).with_ids(receipt)
    )

    assert report.state is PublicationState.FAILED
    assert report.message == "标题含敏感词"


async def test_attachments_are_uploaded_byte_for_byte_through_media_access(
    loopback_server: LoopbackServer,
    channel_context: Context,
    channel_media: InMemoryMedia,
) -> None:
    release = sample_release()

    await plugin.publish(channel_context, release)

    (post,) = loopback_server.posts_for(release.release_id)
    assert [loopback_server.media(media_id) for media_id in post["media_ids"]] == [
        SAMPLE_IMAGE
    ]
    assert channel_media.reads == [release.attachments[0].key]


async def test_feedback_lists_comments_after_since_oldest_first_and_metrics_count_them(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    receipt = await plugin.publish(channel_context, release)
    post_id = receipt.external_ids["post_id"]
    ref = PublicationRef.for_release(release).with_ids(receipt)
    loopback_server.add_comment(
        post_id, "李女士", "办理地点在哪里？", datetime(2025, 3, 2, 9, tzinfo=UTC)
    )
    loopback_server.add_comment(
        post_id, "张先生", "已收到，谢谢", datetime(2025, 3, 1, 9, tzinfo=UTC)
    )
    loopback_server.set_metrics(post_id, views=120, likes=7)

    everything = await plugin.feedback(channel_context, ref)
    recent = await plugin.feedback(
        channel_context, ref, since=datetime(2025, 3, 1, 12, tzinfo=UTC)
    )
    metrics = await plugin.metrics(channel_context, ref)

    assert [item.author for item in everything] == ["张先生", "李女士"]
    assert [item.text for item in recent] == ["办理地点在哪里？"]
    assert (metrics.views, metrics.likes, metrics.comments) == (120, 7, 2)


async def test_retract_takes_the_post_down(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release).with_ids(
        await plugin.publish(channel_context, release)
    )

    report = await plugin.retract(channel_context, ref)

    assert report.state is PublicationState.RETRACTED
    assert loopback_server.posts_for(release.release_id)[0]["state"] == "retracted"


def test_validate_names_each_broken_limit_in_both_languages() -> None:
    pdf = Attachment(
        name="年报.pdf",
        key="k",
        content_type="application/pdf",
        size=11 * 1024 * 1024,
        sha256=hashlib.sha256(b"").hexdigest(),
    )
    video = pdf.model_copy(
        update={"name": "视频.mp4", "content_type": "video/mp4", "size": 10}
    )
    release = sample_release(
        summary="要" * 121, body_text=" ", attachments=(pdf, video)
    )

    findings = {
        (finding.field, finding.code): finding for finding in plugin.validate(release)
    }

    assert set(findings) == {
        ("summary", "summary_too_long"),
        ("body", "body_required"),
        ("attachments[0]", "attachment_too_large"),
        ("attachments[1]", "attachment_type_not_allowed"),
    }
    assert (
        findings[("summary", "summary_too_long")].message.zh
        == "摘要共 121 字，超过本渠道上限 120 字"
    )


def test_render_links_to_the_portal_and_escapes_the_title() -> None:
    preview = plugin.render(sample_release(title="<关于>的通知"))

    assert "&lt;关于&gt;的通知" in preview.html
    assert "https://www.example.gov.cn/" in preview.html
    assert preview.text.startswith("<关于>的通知")


async def test_the_api_key_is_encrypted_at_rest_and_works_after_decryption(
    loopback_server: LoopbackServer, channel_media: InMemoryMedia
) -> None:
    ring = KeyRing.from_setting(new_key())
    context = config_context(SAMPLE_TENANT_ID, plugin.name)
    form = {"base_url": loopback_server.base_url, "api_key": "loopback-test-key"}

    sealed = split_config(form, LoopbackConfig, ring, context=context)
    config = merge_config(sealed, LoopbackConfig, ring, context=context)

    assert "loopback-test-key" not in sealed.model_dump_json()
    assert redacted(sealed)["api_key"] == redacted(config)["api_key"] == "******"
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media
    ) as ctx:
        receipt = await plugin.publish(ctx, sample_release())
    assert receipt.state is PublicationState.PUBLISHED
