"""Checking a manifest's lexicon terms: each usable by the checks, each once, and someone to record them."""

from __future__ import annotations

from collections.abc import Iterator

from fabu.checks import EntryKind, LexiconEntry, LexiconError, Severity
from fabu.onboarding._manifest import LexiconTerm, Manifest
from fabu.onboarding._problems import ManifestCode, ManifestProblem, problem
from fabu.tenancy.roles import Role


def lexicon_problems(manifest: Manifest) -> Iterator[ManifestProblem]:
    seen: set[str] = set()
    for index, lexicon in enumerate(manifest.lexicons):
        for position, term in enumerate(lexicon.terms):
            path = f"lexicons[{index}].terms[{position}]"
            key = term.term.strip()
            if key in seen:
                yield problem(f"{path}.term", ManifestCode.DUPLICATE_TERM, f"词条「{key}」重复", f"term {key!r} appears twice")
            seen.add(key)
            yield from _term_problems(term, path)
    if seen and recorder_key(manifest) is None:
        yield problem(
            "lexicons",
            ManifestCode.LEXICON_WITHOUT_ADMIN,
            "清单列出了词条，但没有人员担任单位管理员（tenant_admin）来登记它们",
            "the manifest lists lexicon terms but nobody holds tenant_admin to record them",
        )


def _term_problems(term: LexiconTerm, path: str) -> Iterator[ManifestProblem]:
    if term.kind == "wrong_expression" and not term.correction:
        yield problem(
            f"{path}.correction",
            ManifestCode.INVALID_TERM,
            f"错误表述「{term.term}」须给出正确表述",
            f"wrong expression {term.term!r} needs a correction",
        )
        return
    try:
        as_entry(term)
    except LexiconError as error:
        zh, _, en = str(error).partition(" / ")
        yield problem(f"{path}.term", ManifestCode.INVALID_TERM, zh, en or zh)


def as_entry(term: LexiconTerm) -> LexiconEntry:
    """The term as the checks use it (raises ``LexiconError`` when they cannot)."""
    return LexiconEntry(
        term=term.term.strip(),
        kind=EntryKind(term.kind),
        severity=Severity(term.severity),
        correction=(term.correction or "").strip() or None,
        note=term.note.strip(),
    )


def recorder_key(manifest: Manifest) -> str | None:
    """The person recorded as having entered the manifest's terms: its first unit administrator."""
    for person in manifest.people:
        if any(Role.TENANT_ADMIN in membership.roles for membership in person.memberships):
            return person.identity
    return None
