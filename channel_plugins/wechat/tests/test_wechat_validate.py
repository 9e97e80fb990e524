"""``validate`` finds what WeChat would refuse or silently change, before any call is made."""

from __future__ import annotations

import hashlib

import pytest

from fabu.channels import Attachment, ChannelContext, ReleaseSnapshot, Severity, TerminalChannelError
from fabu.channels.testing import SAMPLE_IMAGE_KEY, sample_release
from fabu_wechat import WeChatChannel, WeChatConfig
from fabu_wechat.testing.fake import FakeWeChat

Context = ChannelContext[WeChatConfig]
plugin = WeChatChannel()


def codes(release: ReleaseSnapshot) -> dict[tuple[str, str], Severity]:
    return {(f.field, f.code): f.severity for f in plugin.validate(release)}


def pdf(size: int = 2048) -> Attachment:
    return Attachment(
        name="附件1.pdf",
        key="tenants/sample/attachments/annex.pdf",
        content_type="application/pdf",
        size=size,
        sha256=hashlib.sha256(b"pdf").hexdigest(),
    )


def test_the_sample_release_fits() -> None:
    assert plugin.validate(sample_release()) == []


@pytest.mark.parametrize(
    ("overrides", "finding"),
    [
        ({"title": "题" * 33}, ("title", "title_too_long")),
        ({"summary": "要" * 129}, ("summary", "summary_too_long")),
        ({"department": "某" * 17}, ("department", "author_too_long")),
        ({"variant": {"author": "某" * 17}}, ("variant.author", "author_too_long")),
        ({"body_html": "<p>" + "字" * 20_000 + "</p>"}, ("body", "body_html_too_long")),
        ({"links": {"portal": "https://x.gov.cn/" + "a" * 1024}}, ("links.portal", "source_url_too_long")),
    ],
    ids=["title", "digest", "department-as-author", "author", "content", "source-url"],
)
def test_each_documented_limit_is_an_error(overrides: dict[str, object], finding: tuple[str, str]) -> None:
    assert codes(sample_release(**overrides)).get(finding) is Severity.ERROR


def test_the_limits_are_wechats_documented_ones() -> None:
    assert plugin.validate(sample_release(title="题" * 32, summary="要" * 128, department="某" * 16)) == []


@pytest.mark.parametrize(
    "body",
    [
        "<p>正文</p><script>alert(1)</script>",
        '<p onclick="steal()">正文</p>',
        '<p><a href="javascript:steal()">链接</a></p>',
    ],
    ids=["script-tag", "event-handler", "javascript-url"],
)
def test_scripts_are_refused_rather_than_silently_stripped(body: str) -> None:
    assert codes(sample_release(body_html=body)).get(("body", "body_script_not_allowed")) is Severity.ERROR


def test_images_wechat_would_filter_are_errors_and_its_own_are_kept() -> None:
    external = sample_release(body_html='<p><img src="https://cdn.example.com/a.png"></p>')
    hosted = sample_release(body_html='<p><img src="http://mmbiz.qpic.cn/mmbiz_png/abc/0"></p>')
    attached = sample_release(body_html=f'<p><img src="{SAMPLE_IMAGE_KEY}"></p>')

    assert ("body", "body_image_not_uploadable") in codes(external)
    assert codes(hosted) == {}
    assert codes(attached) == {}


def test_a_release_without_an_image_has_no_cover() -> None:
    assert codes(sample_release(attachments=(pdf(),))) == {
        ("variant.cover_image_key", "cover_required"): Severity.ERROR,
        ("attachments", "attachments_not_carried"): Severity.WARNING,
    }


def test_an_attachment_that_is_not_shown_only_warns() -> None:
    release = sample_release(attachments=(*sample_release().attachments, pdf()))

    (finding,) = plugin.validate(release)

    assert (finding.code, finding.severity) == ("attachments_not_carried", Severity.WARNING)
    assert "附件1.pdf" in finding.message.zh
    assert "attachments[1]" in finding.message.en


async def test_an_oversized_release_is_refused_before_any_call(wechat: FakeWeChat, channel_context: Context) -> None:
    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, sample_release(title="题" * 33))

    assert caught.value.code == "title_too_long"
    assert wechat.state.token_fetches == 0
    assert wechat.state.calls == []


def test_the_preview_shows_the_article_with_its_read_the_original_link() -> None:
    preview = plugin.render(sample_release(links={"portal": "https://www.example.gov.cn/a.html"}))

    assert "<h1>关于做好2025年政务公开工作的通知</h1>" in preview.html
    assert "阅读原文" in preview.html
    assert preview.text == "部署2025年度政务公开重点工作。"
