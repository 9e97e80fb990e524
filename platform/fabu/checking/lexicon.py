"""A unit's own lexicon: its entries in the database, compiled once per content and cached per process.

The platform lexicon is compiled once per process. A unit's entries are compiled when their
content changes: the cache is keyed by the SHA-256 of the entries as read, so an entry added or
removed by any process is picked up by every process on its next check, with no invalidation
messages to lose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from uuid import UUID

from fabu.checking.errors import CheckingErrorCode
from fabu.checks import (
    CompiledLexicon,
    EntryKind,
    Lexicon,
    LexiconEntry,
    LexiconError,
    Severity,
    compile_lexicon,
    load_platform_lexicon,
)
from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError, not_found

_CACHE_SIZE = 256
"""Compiled unit lexicons kept per process (least recently used dropped first)."""


@dataclass(frozen=True)
class UnitLexicon:
    """The lexicons a unit's checks use, and the content hash of its own entries."""

    compiled: tuple[CompiledLexicon, ...]
    sha256: str


@cache
def platform_lexicon() -> CompiledLexicon:
    """The platform's lexicon, compiled once per process."""
    return compile_lexicon(load_platform_lexicon())


_compiled: dict[tuple[UUID, str], CompiledLexicon] = {}


def _entry(row: dict[str, object]) -> LexiconEntry:
    correction = row["correction"]
    return LexiconEntry(
        term=str(row["term"]),
        kind=EntryKind(str(row["kind"])),
        severity=Severity(str(row["severity"])),
        correction=str(correction) if correction else None,
        category="本单位词库",
        note=str(row["note"] or ""),
    )


def _content_sha256(rows: list[dict[str, object]]) -> str:
    content = [[row["term"], row["kind"], row["severity"], row["correction"], row["note"]] for row in rows]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


async def unit_lexicon(tenant_id: UUID) -> UnitLexicon:
    """The platform lexicon and the unit's own (compiled, or taken from the cache), in the tenant transaction."""
    rows = [
        dict(row)
        for row in await DB.fetch(
            "select term, kind, severity, correction, note from lexicon_entries order by term"
        )
    ]
    sha256 = _content_sha256(rows)
    if not rows:
        return UnitLexicon((platform_lexicon(),), sha256)
    key = (tenant_id, sha256)
    compiled = _compiled.pop(key, None)
    if compiled is None:
        compiled = compile_lexicon(Lexicon(f"tenant:{tenant_id}", tuple(_entry(row) for row in rows)))
        for stale in [k for k in _compiled if k[0] == tenant_id]:
            del _compiled[stale]
        while len(_compiled) >= _CACHE_SIZE:
            del _compiled[next(iter(_compiled))]
    _compiled[key] = compiled  # re-inserted last: the dict's order is the recency order
    return UnitLexicon((platform_lexicon(), compiled), sha256)


@dataclass(frozen=True)
class NewLexiconEntry:
    """What a tenant admin enters for a term of the unit's own lexicon."""

    term: str
    kind: EntryKind
    severity: Severity = Severity.WARNING
    correction: str | None = None
    note: str = ""


def _invalid(message_zh: str, message_en: str, field: str) -> FabuError:
    return FabuError(CheckingErrorCode.INVALID_LEXICON_ENTRY, message_zh, message_en, field=field)


def _validated(entry: NewLexiconEntry) -> NewLexiconEntry:
    term, note = entry.term.strip(), entry.note.strip()
    correction = (entry.correction or "").strip() or None
    if not term or len(term) > 100:
        raise _invalid("词条应为 1 至 100 个字", "the term must be 1 to 100 characters", "term")
    if correction is not None and len(correction) > 200:
        raise _invalid("正确表述不能超过 200 字", "the correction must be at most 200 characters", "correction")
    if len(note) > 500:
        raise _invalid("说明不能超过 500 字", "the note must be at most 500 characters", "note")
    if entry.severity is Severity.FATAL:
        raise _invalid(
            "本单位词条不能设为 fatal（仅用于密级标识）", "a unit's entry cannot be fatal (reserved for confidentiality markings)",
            "severity",
        )  # fmt: skip
    try:
        LexiconEntry(term=term, kind=entry.kind, severity=entry.severity, correction=correction, note=note)
    except LexiconError as error:
        zh, _, en = str(error).partition(" / ")
        raise _invalid(zh, en or zh, "correction" if entry.kind is EntryKind.WRONG_EXPRESSION else "term") from None
    return NewLexiconEntry(term, entry.kind, entry.severity, correction, note)


async def add_entry(tenant_id: UUID, person_id: UUID, entry: NewLexiconEntry) -> dict[str, object]:
    """Add a term to the unit's lexicon; a term already there is a DUPLICATE."""
    entry = _validated(entry)
    row = await DB.fetchrow(
        """insert into lexicon_entries (tenant_id, term, kind, severity, correction, note, created_by_person_id)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, term) do nothing returning *""",
        tenant_id, entry.term, entry.kind.value, entry.severity.value, entry.correction, entry.note, person_id,
    )  # fmt: skip
    if row is None:
        raise FabuError(
            CommonErrorCode.DUPLICATE, f"本单位词库已有词条“{entry.term}”", f"the unit's lexicon already has “{entry.term}”", field="term"
        )
    return dict(row)


async def remove_entry(entry_id: UUID) -> dict[str, object]:
    """Remove a term from the unit's lexicon; another unit's entry is NOT_FOUND."""
    row = await DB.fetchrow("delete from lexicon_entries where id = $1 returning *", entry_id)
    if row is None:
        raise not_found("词条", "lexicon entry", field="id")
    return dict(row)
