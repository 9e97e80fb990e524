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
