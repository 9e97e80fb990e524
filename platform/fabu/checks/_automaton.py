"""Compiling lexicons into an Aho-Corasick automaton, once, and scanning texts with it.

pyahocorasick keeps each trie node's children in a list it searches linearly. Fed Chinese
text character by character, the root of a large lexicon has thousands of children and
scanning crawls. So the automaton is built over UTF-16-LE code units spelt as pairs of latin-1
symbols: no node has more than 256 children, and a 100,000-entry lexicon scans several times
faster. A match must start on an even symbol (a code-unit boundary); code units are mapped
back to characters, which differ only after characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

# pyahocorasick is a C extension without type stubs; its use is confined to this module,
# behind the `_Automaton` protocol below.
import ahocorasick  # type: ignore[import-not-found]

from fabu.checks._lexicon import Lexicon, LexiconEntry
from fabu.checks._normalize import normalize

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Automaton(Protocol):
    def add_word(self, key: str, value: object, /) -> bool: ...

    def make_automaton(self) -> None: ...

    def iter(self, text: str, /) -> Iterator[tuple[int, tuple[int, int, int]]]: ...


def _symbols(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("latin-1")


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """A lexicon entry found at ``text[start:end]``."""

    start: int
    end: int
    entry: LexiconEntry


class CompiledLexicon:
    """One or more lexicons merged and compiled; build once, scan many texts.

    Compiling a 100,000-entry lexicon takes about a second, scanning takes milliseconds, so
    callers keep compiled lexicons (the platform's per process, a tenant's until it changes).
    """

    def __init__(self, name: str, entries: Sequence[LexiconEntry]) -> None:
        self.name = name
        self.entries: tuple[LexiconEntry, ...] = tuple(entries)
        automaton = cast("_Automaton", ahocorasick.Automaton())
        exemptions: list[tuple[tuple[int, str], ...]] = []
        for index, entry in enumerate(self.entries):
            key = entry.key
            symbols = _symbols(key)
            automaton.add_word(symbols, (index, len(symbols), len(key)))
            exemptions.append(_exemptions(entry))
        if self.entries:
            automaton.make_automaton()
        self._automaton = automaton
        self._exemptions = tuple(exemptions)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"CompiledLexicon(name={self.name!r}, entries={len(self.entries)})"

    def find(self, text: str) -> list[LexiconMatch]:
        """Entries found in ``text``, offsets into ``text``, contained matches dropped."""
        normalized = normalize(text)
        found = []
        for match in resolve_overlaps(self.find_normalized(normalized.text)):
            start, end = normalized.to_original(match.start, match.end)
            found.append(LexiconMatch(start, end, match.entry))
        return found

    def find_normalized(self, text: str) -> list[LexiconMatch]:
        """Every match in already-normalised text, exceptions applied, overlaps kept."""
        if not self.entries or not text:
            return []
        symbols = _symbols(text)
        to_char = _unit_mapper(text, len(symbols))
        matches = []
        for last, (index, length, chars) in self._automaton.iter(symbols):
            first = last - length + 1
            if first % 2:
                continue  # straddles two code units: not a real match
            start = to_char(first // 2)
            if start is None:
                continue
            entry = self.entries[index]
            end = start + chars
            if self._exempt(index, text, start):
                continue
            matches.append(LexiconMatch(start, end, entry))
        return matches

    def _exempt(self, index: int, text: str, start: int) -> bool:
        for offset, phrase in self._exemptions[index]:
            begin = start - offset
            if begin >= 0 and text.startswith(phrase, begin):
                return True
        return False


def _exemptions(entry: LexiconEntry) -> tuple[tuple[int, str], ...]:
    key = entry.key
    phrases = [*entry.exceptions]
    if entry.correction:
        # A correction that contains the wrong term ("…核心价值观" for "…核心价值") must not
        # be reported where the correct phrase is already written.
        phrases.append(entry.correction)
    found: list[tuple[int, str]] = []
    for phrase in phrases:
        normalized = normalize(phrase).text
        offset = normalized.find(key)
        while offset != -1:
            found.append((offset, normalized))
            offset = normalized.find(key, offset + 1)
    return tuple(found)


def _unit_mapper(text: str, symbol_count: int) -> _UnitMapper:
    if symbol_count == 2 * len(text):
        return _identity
    # Characters outside the BMP take two code units; shift offsets after each of them.
    pair_ends = [m.start() + k + 2 for k, m in enumerate(_ASTRAL.finditer(text))]
    pair_starts = {end - 1 for end in pair_ends}

    def to_char(unit: int) -> int | None:
        if unit in pair_starts:
            return None  # the second half of a surrogate pair
        return unit - bisect_right(pair_ends, unit)

    return to_char


class _UnitMapper(Protocol):
    def __call__(self, unit: int, /) -> int | None: ...


def _identity(unit: int) -> int | None:
    return unit


def resolve_overlaps(matches: Iterable[LexiconMatch]) -> list[LexiconMatch]:
    """Drop every match lying inside a longer one; keep partial overlaps. Sorted by start."""
    kept: list[LexiconMatch] = []
    reach = -1
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if match.end > reach:
            kept.append(match)
            reach = match.end
    return kept


def compile_lexicon(*lexicons: Lexicon, name: str | None = None) -> CompiledLexicon:
    """Merge lexicons into one compiled automaton; for a repeated term the last lexicon wins.

    Typical use: ``compile_lexicon(load_platform_lexicon())`` once per process and
    ``compile_lexicon(tenant_lexicon)`` per tenant, both passed in ``CheckContext.lexicons``;
    or ``compile_lexicon(platform, tenant)`` when a tenant's entries should replace the
    platform's for the same term inside one automaton.
    """
    merged: dict[str, LexiconEntry] = {}
    for lexicon in lexicons:
        for entry in lexicon.entries:
            merged.pop(entry.key, None)
            merged[entry.key] = entry
    label = name or "+".join(lexicon.name for lexicon in lexicons) or "empty"
    return CompiledLexicon(label, tuple(merged.values()))
