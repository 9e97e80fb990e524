"""An in-memory index of a unit's published releases, for near-duplicates and contradictions.

Near-duplicates: every release's MinHash sketch (see ``_minhash``) goes into an inverted
index from hash value to releases. A release becomes a candidate when it shares at least half
of ``threshold × size`` values with the checked text's sketch: a pair with Jaccard similarity
J shares about J × size values (the ones among the smallest of the union that lie in both), so
at J = threshold a true pair falls below half of that only several standard deviations away.
Candidates get the full estimate, and for those at or above the threshold the shared passages
are located in both texts.

The index holds plain text; convert published HTML with ``html_to_text`` first. Building it is
separate from checking: build it once per unit and add releases as they are published.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fabu.checks._contradictions import (
    MAX_FIGURE_VARIANTS,
    FigureSentence,
    figure_sentences,
)
from fabu.checks._finding import Passage
from fabu.checks._minhash import (
    DEFAULT_SHINGLE,
    DEFAULT_SKETCH_SIZE,
    CompactText,
    estimate_jaccard,
    shingle_hashes,
    sketch,
)
from fabu.checks._passages import shared_runs


@dataclass(frozen=True, slots=True)
class PublishedRelease:
    """A release already published by the unit, as plain text."""

    release_id: str
    title: str
    text: str
    published_on: date | None = None


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """A published release similar to the checked text, with the passages they share."""

    release_id: str
    title: str
    similarity: float
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A sentence of the checked text whose figures differ from the same sentence published."""

    start: int
    end: int
    release_id: str
    title: str
    other_start: int
    other_end: int
    other_text: str
    figures: tuple[str, ...]
    other_figures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    release: PublishedRelease
    compact: CompactText
    sketch: tuple[int, ...]


class PublishedIndex:
    """Published releases of one unit, indexed for ``near_duplicates`` and ``contradictions``.

    Args:
        threshold: the estimated Jaccard similarity from which a release is a near-duplicate.
        shingle: characters per shingle.
        sketch_size: hash values kept per MinHash sketch.
        min_passage: the shortest shared passage (in letters and digits) worth showing.
    """

    def __init__(
        self,
        releases: Iterable[PublishedRelease] = (),
        *,
        threshold: float = 0.5,
        shingle: int = DEFAULT_SHINGLE,
        sketch_size: int = DEFAULT_SKETCH_SIZE,
        min_passage: int = 20,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("阈值应在 (0, 1] 之间 / threshold must be in (0, 1]")
        if shingle < 1 or sketch_size < 1:
            raise ValueError(
                "分片与草图长度须为正 / shingle and sketch_size must be positive"
            )
        self.threshold = threshold
        self.shingle = shingle
        self.sketch_size = sketch_size
        self.min_passage = min_passage
        self._entries: list[_Entry] = []
        self._postings: defaultdict[int, list[int]] = defaultdict(list)
        self._sentences: defaultdict[
            str, dict[tuple[str, ...], tuple[int, FigureSentence]]
        ] = defaultdict(dict)
        for release in releases:
            self.add(release)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, release: PublishedRelease) -> None:
        """Index one more published release."""
        number = len(self._entries)
        compact = CompactText.of(release.text)
        values = self.sketch(compact.text)
        self._entries.append(_Entry(release, compact, values))
        for value in values:
            self._postings[value].append(number)
        for sentence in figure_sentences(release.text):
            # One published sentence per set of figures; the latest release keeps it.
            self._sentences[sentence.skeleton][sentence.figures] = (number, sentence)

    def sketch(self, compact_text: str) -> tuple[int, ...]:
        """The MinHash sketch of an already compacted text."""
        return sketch(shingle_hashes(compact_text, self.shingle), self.sketch_size)

    def near_duplicates(self, text: str) -> list[DuplicateMatch]:
        """Published releases similar to ``text``, most similar first; offsets index ``text``."""
        compact = CompactText.of(text)
        if not compact.text or not self._entries:
            return []
        values = self.sketch(compact.text)
        shared = Counter(n for value in values for n in self._postings.get(value, ()))
        needed = max(1, math.floor(self.threshold * len(values) / 2))
        matches = []
        for number in sorted(n for n, count in shared.items() if count >= needed):
            entry = self._entries[number]
            similarity = estimate_jaccard(values, entry.sketch, self.sketch_size)
            if similarity >= self.threshold:
                passages = self._passages(text, compact, entry)
                matches.append(
                    DuplicateMatch(
                        entry.release.release_id,
                        entry.release.title,
                        similarity,
                        passages,
                    )
                )
        return sorted(matches, key=lambda m: (-m.similarity, m.release_id))

    def _passages(
        self, text: str, compact: CompactText, entry: _Entry
    ) -> tuple[Passage, ...]:
        passages = []
        for run in shared_runs(
            compact.text,
            entry.compact.text,
            seed=self.shingle,
            min_length=self.min_passage,
        ):
            start, end = compact.to_original(run.start, run.end)
            other_start, other_end = entry.compact.to_original(
                run.other_start, run.other_end
            )
            passages.append(
                Passage(start, end, other_start, other_end, text[start:end])
            )
        return tuple(passages)

    def contradictions(self, text: str) -> list[Contradiction]:
        """Sentences of ``text`` whose figures differ from the same published sentence."""
        found = []
        for sentence in figure_sentences(text):
            variants = self._sentences.get(sentence.skeleton, {})
            if len(variants) > MAX_FIGURE_VARIANTS:
                continue  # a recurring statement (periodic figures), not a contradiction
            for figures, (number, published) in variants.items():
                if figures == sentence.figures:
                    continue
                release = self._entries[number].release
                found.append(
                    Contradiction(
                        sentence.start,
                        sentence.end,
                        release.release_id,
                        release.title,
                        published.start,
                        published.end,
                        release.text[published.start : published.end],
                        sentence.figures,
                        published.figures,
                    )
                )
        return found
