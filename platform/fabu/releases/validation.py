"""Checking and normalizing what a person wrote, before anything touches the database.

Every problem is collected, so one save reports all of them, each naming its input field
(camelCase, as in GraphQL; list items as ``sources[2].sourceUrl``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit
from uuid import UUID

from fabu.errors import CommonErrorCode, FabuError, FabuErrors
from fabu.releases.content import ReleaseFields, Source
from fabu.releases.errors import ReleaseErrorCode
from fabu.releases.sanitize import sanitize_html
from fabu.releases.variants import normalize_variants

MAX_TITLE = 200
MAX_SUMMARY = 1000
MAX_BODY = 1_000_000
MAX_SOURCES = 100
MAX_CHANNELS = 20
MAX_CHANNEL_NAME = 64
MAX_CLAIM = 1000
MAX_SOURCE_TEXT = 300
MAX_URL = 2000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
T = TypeVar("T")


def clean_text(
    value: str, field: str, label_zh: str, label_en: str, max_length: int, *, required: bool = False, one_line: bool = True
) -> str:
    """``value`` without control characters and surrounding white space, within ``max_length``."""
    value = _CONTROL.sub("", value).strip()
    if one_line:
        value = _LINE_BREAKS.sub(" ", value)
    if required and not value:
        raise FabuError(CommonErrorCode.REQUIRED, f"{label_zh}不能为空", f"{label_en} is required", field=field)
    if len(value) > max_length:
        raise FabuError(
            CommonErrorCode.TOO_LONG,
            f"{label_zh}不能超过 {max_length} 个字符",
            f"{label_en} must be at most {max_length} characters",
            field=field,
        )
    return value


def _url(value: str, field: str) -> str:
    value = clean_text(value, field, "来源链接", "source URL", MAX_URL)
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise FabuError(
            ReleaseErrorCode.UNSAFE_URL,
            "来源链接须为 http:// 或 https:// 开头的完整网址",
            "a source URL must be a full http:// or https:// address",
            field=field,
        )
    return value


def _source(source: Source, index: int) -> Source:
    at = f"sources[{index}]"
    cleaned = Source(
        claim=clean_text(source.claim, f"{at}.claim", "依据的表述", "claim", MAX_CLAIM, required=True, one_line=False),
        source_title=clean_text(source.source_title, f"{at}.sourceTitle", "来源名称", "source title", MAX_SOURCE_TEXT, required=True),
        source_url=_url(source.source_url, f"{at}.sourceUrl"),
        document_reference=clean_text(
            source.document_reference, f"{at}.documentReference", "文件文号或出处", "document reference", MAX_SOURCE_TEXT
        ),
    )
    if not cleaned.source_url and not cleaned.document_reference:
        raise FabuError(
            CommonErrorCode.REQUIRED,
            "来源须给出链接或文件文号/出处",
            "a source needs a URL or a document reference",
            field=f"{at}.sourceUrl",
        )
    return cleaned


def _channels(channels: tuple[str, ...]) -> tuple[str, ...]:
    cleaned: list[str] = []
    for index, channel in enumerate(channels):
        name = clean_text(channel, f"channels[{index}]", "发布渠道", "channel", MAX_CHANNEL_NAME, required=True)
        if name in cleaned:
            raise FabuError(CommonErrorCode.DUPLICATE, f"发布渠道“{name}”重复", f"channel “{name}” is listed twice", field="channels")
        cleaned.append(name)
    if len(cleaned) > MAX_CHANNELS:
        raise FabuError(CommonErrorCode.INVALID, f"发布渠道最多 {MAX_CHANNELS} 个", f"at most {MAX_CHANNELS} channels", field="channels")
    return tuple(cleaned)


def _scheduled_at(value: datetime | None, previous: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise FabuError(
            ReleaseErrorCode.TIMEZONE_REQUIRED,
            "定时发布时间须带时区，如 2026-12-01T09:00:00+08:00",
            "the scheduled time needs a timezone, e.g. 2026-12-01T09:00:00+08:00",
            field="scheduledAt",
        )
    # Only a time being set must lie ahead: a kept schedule that has since passed is the
    # workflow's business (it may publish late or ask for a new time), not an edit's.
    if value != previous and value <= now:
        raise FabuError(
            ReleaseErrorCode.SCHEDULE_IN_PAST,
            "定时发布时间须晚于当前时间",
            "the scheduled publication time must be in the future",
            field="scheduledAt",
        )
    return value


def _co_departments(fields: ReleaseFields) -> tuple[UUID, ...]:
    seen: set[UUID] = set()
    for department in fields.co_department_ids:
        if department == fields.lead_department_id:
            raise FabuError(
                ReleaseErrorCode.LEAD_AS_CO_DEPARTMENT,
                "会签部门不能包括牵头部门",
                "the lead department cannot also be a co-department",
                field="coDepartmentIds",
            )
        if department in seen:
            raise FabuError(CommonErrorCode.DUPLICATE, "会签部门重复", "a co-department is listed twice", field="coDepartmentIds")
        seen.add(department)
    return fields.co_department_ids


def normalize_fields(fields: ReleaseFields, *, previous: ReleaseFields | None, now: datetime) -> ReleaseFields:
    """The fields cleaned (text trimmed, body sanitized), or ``FabuErrors`` naming every problem."""
    errors: list[FabuError] = []

    def check(step: Callable[[], T], fallback: T) -> T:
        try:
            return step()
        except FabuError as error:
            errors.append(error)
            return fallback

    body = check(lambda: _body(fields.body_html), "")
    sources: list[Source] = []
    for index, source in enumerate(fields.sources):
        sources.append(check(functools.partial(_source, source, index), source))
    if len(sources) > MAX_SOURCES:
        errors.append(FabuError(CommonErrorCode.INVALID, f"来源最多 {MAX_SOURCES} 条", f"at most {MAX_SOURCES} sources", field="sources"))
    cleaned = dataclasses.replace(
        fields,
        title=check(lambda: clean_text(fields.title, "title", "标题", "title", MAX_TITLE, required=True), ""),
        summary=check(lambda: clean_text(fields.summary, "summary", "摘要", "summary", MAX_SUMMARY, one_line=False), ""),
        body_html=body,
        sources=tuple(sources),
        channels=check(lambda: _channels(fields.channels), ()),
        scheduled_at=check(lambda: _scheduled_at(fields.scheduled_at, previous.scheduled_at if previous else None, now), None),
        co_department_ids=check(lambda: _co_departments(fields), ()),
    )
    cleaned = dataclasses.replace(cleaned, variants=check(lambda: normalize_variants(fields.variants, cleaned.channels), ()))
    if errors:
        raise FabuErrors(errors)
    return cleaned


def _body(body_html: str) -> str:
    if len(body_html) > MAX_BODY:
        raise FabuError(
            CommonErrorCode.TOO_LONG, f"正文不能超过 {MAX_BODY} 个字符", f"the body must be at most {MAX_BODY} characters", field="bodyHtml"
        )
    return sanitize_html(body_html)
