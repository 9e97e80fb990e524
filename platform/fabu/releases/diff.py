"""What changed between two versions: the fields, and the body's visible text line by line.

Field values are rendered as a reader would compare them (department and category names,
labels, one source or attachment per line); each channel variant field is a field of its own,
named ``variants.<channel>.<key>``. The body is compared on its visible text (as
``fabu.checks.html_to_text`` extracts it: one line per paragraph, heading, list item or table
row), in segments of unchanged, deleted and inserted lines; a changed line is a deletion
followed by an insertion.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from fabu.checks import html_to_text
from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.releases.content import ReleaseContent, format_instant
from fabu.releases.errors import ReleaseErrorCode


class DiffOperation(StrEnum):
    UNCHANGED = "unchanged"
    DELETED = "deleted"
    INSERTED = "inserted"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TextSegment:
    operation: DiffOperation
    lines: tuple[str, ...]


@dataclass(frozen=True)
class VersionDiff:
    from_number: int
    to_number: int
    field_changes: tuple[FieldChange, ...]
    body_text: tuple[TextSegment, ...]


def _lines(values: list[str]) -> str | None:
    return "\n".join(values) if values else None


def _renderers(names: Mapping[UUID, str]) -> dict[str, Callable[[ReleaseContent], str | None]]:
    def name(department: UUID | None) -> str | None:
        return None if department is None else names.get(department, str(department))

    return {
        "title": lambda c: c.fields.title,
        "summary": lambda c: c.fields.summary or None,
        "bodyHtml": lambda c: c.fields.body_html or None,
        "category": lambda c: name(c.fields.category_id),
        "importance": lambda c: f"{c.fields.importance.label_zh} / {c.fields.importance.label_en}",
        "sensitivity": lambda c: f"{c.fields.sensitivity.label_zh} / {c.fields.sensitivity.label_en}",
        "leadDepartment": lambda c: name(c.fields.lead_department_id),
        "coDepartments": lambda c: _lines(sorted(str(name(d)) for d in c.fields.co_department_ids)),
        "sources": lambda c: _lines(
            [f"{s.claim} —— {s.source_title} {s.source_url or s.document_reference}".rstrip() for s in c.fields.sources]
        ),
        "channels": lambda c: _lines(list(c.fields.channels)),
        "scheduledAt": lambda c: format_instant(c.fields.scheduled_at),
        "attachments": lambda c: _lines(
            [f"{a.name}（{a.size} 字节 / bytes, SHA-256 {a.sha256}）" for a in sorted(c.attachments, key=lambda a: a.name)]
        ),
    }


def _variant_value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def variant_changes(old: ReleaseContent, new: ReleaseContent) -> tuple[FieldChange, ...]:
    """The changed channel variant fields, by channel then key."""
    changes = []
    for channel in sorted({v.channel for v in (*old.fields.variants, *new.fields.variants)}):
        before, after = old.fields.variant(channel), new.fields.variant(channel)
        for key in sorted(before.keys() | after.keys()):
            old_value, new_value = _variant_value(before.get(key)), _variant_value(after.get(key))
            if old_value != new_value:
                changes.append(FieldChange(f"variants.{channel}.{key}", old_value, new_value))
    return tuple(changes)


def text_diff(old_html: str, new_html: str) -> tuple[TextSegment, ...]:
    """The body's visible text compared line by line."""
    old = html_to_text(old_html).text.splitlines()
    new = html_to_text(new_html).text.splitlines()
    segments: list[TextSegment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(TextSegment(DiffOperation.UNCHANGED, tuple(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(TextSegment(DiffOperation.DELETED, tuple(old[i1:i2])))
        if j2 > j1:
            segments.append(TextSegment(DiffOperation.INSERTED, tuple(new[j1:j2])))
    return tuple(segments)


def diff_contents(
    old: ReleaseContent, new: ReleaseContent, names: Mapping[UUID, str], from_number: int = 0, to_number: int = 0
) -> VersionDiff:
    """Compare two contents; ``names`` renders department and category ids."""
    changes = []
    for field, render in _renderers(names).items():
        before, after = render(old), render(new)
        if before != after:
            changes.append(FieldChange(field, before, after))
    changes.extend(variant_changes(old, new))
    return VersionDiff(from_number, to_number, tuple(changes), text_diff(old.fields.body_html, new.fields.body_html))


async def _content(release_id: UUID, number: int, field: str) -> ReleaseContent:
    row = await DB.fetchrow("select content from release_versions where release_id = $1 and number = $2", release_id, number)
    if row is None:
        raise FabuError(
            ReleaseErrorCode.VERSION_NOT_FOUND, f"第 {number} 版不存在", f"version {number} does not exist", field=field
        )
    content: Any = row["content"]
    return ReleaseContent.from_document(json.loads(content) if isinstance(content, str) else content)


async def _names(contents: tuple[ReleaseContent, ...]) -> dict[UUID, str]:
    ids: set[UUID] = set()
    for content in contents:
        ids |= {content.fields.lead_department_id, *content.fields.co_department_ids}
        if content.fields.category_id is not None:
            ids.add(content.fields.category_id)
    rows = await DB.fetch(
        """select id, name from departments where id = any($1::uuid[])
           union all select id, code || ' ' || name from disclosure_categories where id = any($1::uuid[])""",
        list(ids),
    )
    return {row["id"]: row["name"] for row in rows}


async def diff_versions(release_id: UUID, from_number: int, to_number: int) -> VersionDiff:
    """The changes from version ``from_number`` to version ``to_number`` of a release."""
    old = await _content(release_id, from_number, "from")
    new = await _content(release_id, to_number, "to")
    return diff_contents(old, new, await _names((old, new)), from_number, to_number)
