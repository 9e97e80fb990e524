"""The unit's own lexicon from a manifest's terms: written through the checking domain, exported back."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fabu.checking.lexicon import NewLexiconEntry, add_entry
from fabu.checks import EntryKind, Severity
from fabu.db.engine import DB
from fabu.onboarding._diff import Diff
from fabu.onboarding._state import TermState

UNIT_LEXICON = "本单位词库"
"""The lexicon export puts terms in that no applied manifest listed (entered in the app since)."""


async def write_lexicon(diff: Diff, desired: dict[str, TermState], tenant_id: UUID, recorder_id: UUID) -> None:
    """Make the unit's terms match: a changed term is replaced (terms are never edited in place)."""
    gone = [*diff.lexicon.removed, *diff.lexicon.changed]
    if gone:
        await DB.fetch("delete from lexicon_entries where term = any($1::text[])", gone)
    for term in (*diff.lexicon.added, *diff.lexicon.changed):
        state = desired[term]
        entry = NewLexiconEntry(term, EntryKind(state.kind), Severity(state.severity), state.correction, state.note)
        await add_entry(tenant_id, recorder_id, entry)


def exported_lexicons(recorded: list[dict[str, Any]], terms: dict[str, TermState]) -> list[dict[str, Any]]:
    """The recorded lexicons with the unit's terms as stored; terms no manifest listed go to ``UNIT_LEXICON``."""
    remaining = dict(terms)
    lexicons: list[dict[str, Any]] = []
    for entry in recorded:
        lexicon: dict[str, Any] = {"name": entry["name"], **({"path": entry["path"]} if entry.get("path") else {})}
        listed = [_term(name, remaining.pop(name)) for name in (t["term"].strip() for t in entry.get("terms") or []) if name in remaining]
        if listed:
            lexicon["terms"] = listed
        lexicons.append(lexicon)
    if remaining:
        extra = [_term(name, state) for name, state in sorted(remaining.items())]
        holder = next((lexicon for lexicon in lexicons if lexicon["name"] == UNIT_LEXICON), None)
        if holder is None:
            lexicons.append({"name": UNIT_LEXICON, "terms": extra})
        else:
            holder["terms"] = [*holder.get("terms", []), *extra]
    return lexicons


def _term(term: str, state: TermState) -> dict[str, Any]:
    written: dict[str, Any] = {"term": term}
    if state.kind != "sensitive_word":
        written["kind"] = state.kind
    if state.severity != "warning":
        written["severity"] = state.severity
    if state.correction:
        written["correction"] = state.correction
    if state.note:
        written["note"] = state.note
    return written
