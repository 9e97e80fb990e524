"""How much a proofreading correction changed, counted as deleted plus inserted characters."""

from __future__ import annotations

import dataclasses
from uuid import uuid4

import pytest

from fabu.errors import FabuError
from fabu.releases.content import AttachmentRef, ChannelVariant, ReleaseContent, ReleaseFields
from fabu.workflow.proofread_scope import changed_characters, ensure_within_scope

LEAD = uuid4()
LONG = "<p>" + "根据省政府统一部署，现就有关事项通知如下。" * 400 + "</p>"


def content(**fields: object) -> ReleaseContent:
    base = ReleaseFields(title="关于开展营商环境评价工作的通知", lead_department_id=LEAD, body_html=LONG, channels=("weibo",))
    return ReleaseContent(dataclasses.replace(base, **fields))  # type: ignore[arg-type]


def test_one_typo_in_a_long_body_counts_two_characters() -> None:
    assert changed_characters(LONG, LONG.replace("统一部署", "统一布署", 1)) == 2
    assert changed_characters("通知如下", "通知如下：") == 1
    assert changed_characters("abc", "abc") == 0


def test_text_and_variant_changes_add_up_and_name_their_fields() -> None:
    old = content(variants=(ChannelVariant("weibo", {"weibo_text": "欢迎参与"}),))
    new = content(title="关于开展营商环境评价工作的通知。", variants=(ChannelVariant("weibo", {"weibo_text": "欢迎积极参与"}),))

    change = ensure_within_scope(old, new, limit=3)

    assert change.counts == (("title", 1), ("variants.weibo.weibo_text", 2))


def test_more_than_the_bound_or_any_other_field_is_out_of_scope() -> None:
    with pytest.raises(FabuError) as too_much:
        ensure_within_scope(content(), content(body_html=LONG.replace("部署", "安排")), limit=3)
    with pytest.raises(FabuError) as channels:
        ensure_within_scope(content(), content(channels=("weibo", "wechat")), limit=30)
    attachment = AttachmentRef("附件.pdf", "application/pdf", 10, "0" * 64)
    with pytest.raises(FabuError) as attachments:
        ensure_within_scope(content(), ReleaseContent(content().fields, (attachment,)), limit=30)

    assert (too_much.value.code, too_much.value.field) == ("PROOFREAD_OUT_OF_SCOPE", "bodyHtml")
    assert too_much.value.message_zh.startswith("改动超出校对范围，请退回修改")
    assert (channels.value.field, attachments.value.field) == ("channels", "attachments")


LINKED = '<p>详见<a href="https://www.gov.cn/zhengce/2026-11/notice.html">通知原文</a>。</p><p><img src="/media/aaaa.png" alt="示意图"></p>'


def refusal(old: ReleaseContent, new: ReleaseContent, limit: int = 30) -> tuple[str, str | None]:
    with pytest.raises(FabuError) as refused:
        ensure_within_scope(old, new, limit)
    assert refused.value.message_zh.startswith("改动超出校对范围，请退回修改"), refused.value.message_zh
    return refused.value.code, refused.value.field


def test_a_links_address_or_an_images_source_cannot_change_however_few_characters() -> None:
    old = content(body_html=LINKED)

    assert refusal(old, content(body_html=LINKED.replace("www.gov.cn", "www.gov.cm"))) == ("PROOFREAD_OUT_OF_SCOPE", "bodyHtml")
    assert refusal(old, content(body_html=LINKED.replace("aaaa.png", "aaab.png"))) == ("PROOFREAD_OUT_OF_SCOPE", "bodyHtml")
    assert refusal(old, content(body_html=LINKED.replace("<p>详见", "<p><strong>详见</strong>"))) == ("PROOFREAD_OUT_OF_SCOPE", "bodyHtml")


def test_the_words_of_a_link_are_counted_as_words() -> None:
    change = ensure_within_scope(content(body_html=LINKED), content(body_html=LINKED.replace("通知原文", "通知全文")), limit=30)

    assert change.counts == (("bodyHtml", 2),)


def test_a_web_address_in_a_variant_text_cannot_change() -> None:
    old = content(variants=(ChannelVariant("weibo", {"weibo_text": "详见 https://www.gov.cn/a.html 欢迎参与"}),))
    new = content(variants=(ChannelVariant("weibo", {"weibo_text": "详见 https://www.gov.cm/a.html 欢迎参与"}),))

    assert refusal(old, new) == ("PROOFREAD_OUT_OF_SCOPE", "variants.weibo.weibo_text")


@pytest.mark.parametrize(
    ("key", "before", "after"),
    [
        ("cover_image_key", "cover1.jpg", "cover2.jpg"),
        ("posting_end", "2026-12-01", "2027-12-01"),
        ("posting_days", 30, 300),
        ("original", True, False),
        ("cover_image_key", None, "cover.jpg"),
    ],
)
def test_a_variant_value_that_is_not_words_cannot_change(key: str, before: object, after: object) -> None:
    def with_value(value: object) -> ReleaseContent:
        fields = {"weibo_text": "欢迎参与"} | ({key: value} if value is not None else {})
        return content(variants=(ChannelVariant("weibo", fields),))

    assert refusal(with_value(before), with_value(after)) == ("PROOFREAD_OUT_OF_SCOPE", f"variants.weibo.{key}")


def test_a_link_inside_a_variant_text_cannot_be_redirected() -> None:
    def wechat(text: str) -> ReleaseContent:
        return content(channels=("wechat",), variants=(ChannelVariant("wechat", {"digest": text}),))

    old = wechat('详见<a href="/notice/12.html">通知原文</a>')

    assert refusal(old, wechat('详见<a href="/notice/13.html">通知原文</a>')) == ("PROOFREAD_OUT_OF_SCOPE", "variants.wechat.digest")
    assert ensure_within_scope(old, wechat('详见<a href="/notice/12.html">通知全文</a>'), 30).counts == (("variants.wechat.digest", 2),)
