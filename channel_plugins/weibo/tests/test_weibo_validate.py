"""``validate`` and the checks before posting: length, ``#topic#``, the safe-domain link, the picture."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from fabu.channels import Attachment, ChannelContext, ReleaseSnapshot, Severity, TerminalChannelError
from fabu.channels.testing import sample_release
from fabu_weibo import WeiboChannel, WeiboConfig, compose
from fabu_weibo.testing.fake import FakeWeibo

from .conftest import PORTAL, weibo_release

Context = ChannelContext[WeiboConfig]
plugin = WeiboChannel()


def findings(release: ReleaseSnapshot) -> dict[str, Severity]:
    return {f.code: f.severity for f in plugin.validate(release)}


def test_the_sample_release_with_its_portal_link_fits() -> None:
    assert plugin.validate(weibo_release()) == []


def test_before_the_portal_publishes_the_missing_link_is_a_warning() -> None:
    assert findings(sample_release(links={})) == {"portal_link_missing": Severity.WARNING}


def test_a_long_summary_is_shortened_to_fit_140_characters() -> None:
    release = weibo_release(summary="各单位" * 60)

    text = compose(release).text

    assert len(text) == 140
    assert text.endswith(f"… {PORTAL}")
    assert findings(release) == {"summary_shortened": Severity.WARNING}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"variant": {"weibo_text": "文" * 120}}, "weibo_text_too_long"),
        ({"title": "题" * 100}, "title_too_long"),
        ({"title": "关于#政务公开#工作的通知"}, "topic_not_allowed"),
    ],
    ids=["editors-text", "title", "topic"],
)
def test_what_weibo_refuses_is_an_error(overrides: dict[str, object], code: str) -> None:
    assert findings(weibo_release(**overrides)).get(code) is Severity.ERROR


def test_only_one_picture_goes_and_a_large_one_is_refused() -> None:
    def image(name: str, size: int) -> Attachment:
        return Attachment(
            name=name, key=name, content_type="image/jpeg", size=size, sha256=hashlib.sha256(name.encode()).hexdigest()
        )

    release = weibo_release(attachments=(image("大图.jpg", 6 * 1024 * 1024), image("小图.jpg", 10)))

    found = {f.code: f for f in plugin.validate(release)}

    assert found["attachment_too_large"].field == "attachments[0]"
    assert found["attachments_not_carried"].severity is Severity.WARNING
    assert "attachments[1]" in found["attachments_not_carried"].message.en


async def test_an_oversized_post_is_refused_before_any_call(weibo: FakeWeibo, channel_context: Context) -> None:
    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, weibo_release(variant={"weibo_text": "文" * 200}))

    assert caught.value.code == "weibo_text_too_long"
    assert weibo.state.calls == []


async def test_a_link_outside_the_safe_domains_is_refused_before_any_call(
    weibo: FakeWeibo, channel_context: Context
) -> None:
    release = weibo_release(links={"portal": "https://elsewhere.example.com/a.html"})

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, release)

    assert caught.value.code == "link_not_safe_domain"
    assert weibo.state.calls == []


async def test_without_the_portal_link_nothing_is_posted(weibo: FakeWeibo, channel_context: Context) -> None:
    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, sample_release(links={}))

    assert caught.value.code == "portal_link_missing"
    assert weibo.state.calls == []


def test_the_preview_is_the_post_as_it_will_read() -> None:
    preview = plugin.render(weibo_release())

    assert preview.text == compose(weibo_release()).text
    assert "[图表.png]" in preview.html


async def test_without_configured_safe_domains_weibo_itself_refuses_an_unbound_link(
    weibo: FakeWeibo, channel_context: Context
) -> None:
    ctx = dataclasses.replace(channel_context, config=channel_context.config.model_copy(update={"safe_domains": ()}))
    release = weibo_release(links={"portal": "https://elsewhere.example.com/a.html"})

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(ctx, release)

    assert caught.value.code == "10017"
    assert weibo.posts() == []
