"""The shipped platform lexicon stays well-formed and consistent with itself."""

from __future__ import annotations

from collections import Counter

from fabu.checks import CompiledLexicon, EntryKind, load_platform_lexicon


def test_platform_lexicon_loads_with_both_kinds_of_entries() -> None:
    lexicon = load_platform_lexicon()
    kinds = Counter(e.kind for e in lexicon.entries)
    assert lexicon.name == "platform"
    assert kinds[EntryKind.WRONG_EXPRESSION] >= 100
    assert kinds[EntryKind.SENSITIVE_WORD] >= 5


def test_platform_terms_are_unique() -> None:
    counts = Counter(e.key for e in load_platform_lexicon().entries)
    assert [term for term, n in counts.items() if n > 1] == []


def test_no_platform_correction_is_itself_reported(
    platform_lexicon: CompiledLexicon,
) -> None:
    corrections = {
        e.correction for e in load_platform_lexicon().entries if e.correction
    }
    flagged = {c: [m.entry.term for m in platform_lexicon.find(c)] for c in corrections}
    assert {c: terms for c, terms in flagged.items() if terms} == {}


def test_every_platform_entry_is_categorised() -> None:
    assert all(e.category for e in load_platform_lexicon().entries)
