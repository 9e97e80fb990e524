"""What a proofreading correction may change: text only, and only a little of it.

A correction at the proofread stage keeps the approvals, so it must stay a correction: the title,
the summary, the body and the channel variants' values may change, by at most the stage's
``max_changed_characters`` in all; nothing else (attachments, channels, category, departments,
sources, importance, schedule...) may change at all. Characters are counted as deleted plus
inserted characters of a character-level diff (a one-character typo fixed counts 2), the body on
the words between its tags. What a few characters could turn into another publication is refused
whatever its size (``fabu.workflow.proofread_markup``): the body's tags and attributes (a link's
``href``, an image's ``src``), any web address, and a variant value that is not words (a cover
image's key, a posting date, a number).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from fabu.errors import FabuError
from fabu.releases.content import ReleaseContent
from fabu.workflow.errors import WorkflowErrorCode
from fabu.workflow.proofread_markup import is_token, split_markup, web_addresses

_PAIRWISE_LIMIT = 4_000_000
"""Above this many character pairs a difference is far past any bound: count it whole, skip the diff."""

_TEXT_FIELDS = {"title": "title", "summary": "summary", "body_html": "bodyHtml"}
_FROZEN_FIELDS = {
    "category_id": ("类别", "category", "categoryId"),
    "importance": ("重要程度", "importance", "importance"),
    "sensitivity": ("敏感程度", "sensitivity", "sensitivity"),
    "lead_department_id": ("牵头部门", "lead department", "leadDepartmentId"),
    "co_department_ids": ("会签部门", "co-departments", "coDepartmentIds"),
    "sources": ("出处", "sources", "sources"),
    "channels": ("发布渠道", "channels", "channels"),
    "scheduled_at": ("定时发布时间", "scheduled time", "scheduledAt"),
    "attachments": ("附件", "attachments", "attachments"),
}


def changed_characters(old: str, new: str) -> int:
    """Deleted plus inserted characters turning ``old`` into ``new``."""
    # Only the part between the common prefix and suffix is compared: one typo in a long body is a
    # diff of a few characters, not of the whole body.
    start = 0
    shorter = min(len(old), len(new))
    while start < shorter and old[start] == new[start]:
        start += 1
    end = 0
    while end < shorter - start and old[-1 - end] == new[-1 - end]:
        end += 1
    a, b = old[start : len(old) - end], new[start : len(new) - end]
    if not a or not b or len(a) * len(b) > _PAIRWISE_LIMIT:
        return len(a) + len(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum((i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Change:
    """How much a correction changed, and in which input fields."""

    counts: tuple[tuple[str, int], ...]
    """Changed characters by input field, e.g. ``("bodyHtml", 4)``."""

    @property
    def characters(self) -> int:
        return sum(count for _, count in self.counts)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(field for field, _ in self.counts)

    @property
    def largest(self) -> str | None:
        """The field changed most."""
        return max(self.counts, key=lambda item: item[1])[0] if self.counts else None


def measure(old: ReleaseContent, new: ReleaseContent) -> Change:
    """The characters changed in the text fields and variant values, naming the fields changed."""
    counts: dict[str, int] = {}
    old_document, new_document = old.to_document(), new.to_document()
    for key, field in _TEXT_FIELDS.items():
        before, after = old_document[key], new_document[key]
        if key == "body_html":
            before, after = split_markup(before).text, split_markup(after).text
        counts[field] = changed_characters(before, after)
    for channel in sorted({v.channel for v in (*old.fields.variants, *new.fields.variants)}):
        before, after = old.fields.variant(channel), new.fields.variant(channel)
        for key in sorted(before.keys() | after.keys()):
            counts[f"variants.{channel}.{key}"] = changed_characters(_text(before.get(key)), _text(after.get(key)))
    return Change(tuple((field, count) for field, count in counts.items() if count))


def _out_of_scope(zh: str, en: str, field: str | None) -> FabuError:
    return FabuError(
        WorkflowErrorCode.PROOFREAD_OUT_OF_SCOPE,
        f"改动超出校对范围，请退回修改：{zh}",
        f"the change goes beyond proofreading; return the release for revision: {en}",
        field=field,
    )


def _texts(content: ReleaseContent) -> dict[str, str]:
    """Every text a correction may touch, by input field: title, summary, the body's words, variant texts."""
    document = content.to_document()
    texts = {field: document[key] for key, field in _TEXT_FIELDS.items()}
    for variant in content.fields.variants:
        for key, value in variant.fields.items():
            if isinstance(value, str):
                texts[f"variants.{variant.channel}.{key}"] = value
    return texts


def _refuse_markup_changes(old: ReleaseContent, new: ReleaseContent) -> None:
    """Refuse a change of the body's tags, of a web address, or of a variant value that is not words."""
    if split_markup(old.fields.body_html).tags != split_markup(new.fields.body_html).tags:
        raise _out_of_scope(
            "校对只能改正文字，不能修改正文的格式、链接或图片",
            "proofreading corrects words only; it cannot change the body's formatting, links or images",
            "bodyHtml",
        )
    old_texts, new_texts = _texts(old), _texts(new)
    for field in sorted(old_texts.keys() | new_texts.keys()):
        if web_addresses(old_texts.get(field, "")) != web_addresses(new_texts.get(field, "")):
            raise _out_of_scope("校对不能修改网址", "proofreading cannot change a web address", field)
    for channel in sorted({v.channel for v in (*old.fields.variants, *new.fields.variants)}):
        before, after = old.fields.variant(channel), new.fields.variant(channel)
        for key in sorted(before.keys() | after.keys()):
            was, now = before.get(key), after.get(key)
            if was == now:
                continue
            field = f"variants.{channel}.{key}"
            if not all(value is None or isinstance(value, str) for value in (was, now)):
                raise _out_of_scope(
                    "校对不能修改渠道专属内容中不是文字的取值", "proofreading cannot change a variant value that is not text", field
                )
            if split_markup(was or "").tags != split_markup(now or "").tags:
                raise _out_of_scope(
                    "校对不能修改渠道专属内容中的格式、链接或图片", "proofreading cannot change a variant's formatting, links or images", field
                )
            if any(isinstance(value, str) and value.strip() and is_token(value) for value in (was, now)):
                raise _out_of_scope(
                    "校对不能修改渠道专属内容中的标识、文件名、日期等取值",
                    "proofreading cannot change a variant's key, file name, date or other one-word value",
                    field,
                )


def ensure_within_scope(approved: ReleaseContent, corrected: ReleaseContent, limit: int) -> Change:
    """The change from the approved content, if it is a proofreading correction; otherwise
    ``PROOFREAD_OUT_OF_SCOPE`` naming the field.

    ``approved`` is the version the approvals bind to, not merely the previous correction: the
    bound holds for all the corrections made to it together, so many small corrections cannot add
    up to a rewrite that keeps the approvals.
    """
    old_document, new_document = approved.to_document(), corrected.to_document()
    for key, (zh, en, field) in _FROZEN_FIELDS.items():
        if old_document[key] != new_document[key]:
            raise _out_of_scope(f"校对不能修改{zh}", f"proofreading cannot change the {en}", field)
    _refuse_markup_changes(approved, corrected)
    change = measure(approved, corrected)
    if change.characters > limit:
        raise _out_of_scope(
            f"自审定的版本起共改动 {change.characters} 字，校对更正合计至多 {limit} 字",
            f"{change.characters} characters changed since the approved version; proofreading changes at most {limit} in all",
            change.largest,
        )
    return change
