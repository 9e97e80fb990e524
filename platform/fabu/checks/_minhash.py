"""Character shingles and MinHash sketches, written out with hashlib and integers.

Texts are compacted first (only letters and digits kept, widths and case folded), so spacing
and punctuation changes do not hide a copy. Each k-character shingle is hashed to 64 bits with
BLAKE2b (stable across processes, so sketches may be stored).

The sketch is the single-hash variant of MinHash (bottom-k): the ``size`` smallest shingle
hashes. For two texts A and B, the ``size`` smallest hashes of the union of their sketches are
the ``size`` smallest of A ∪ B, and the share of those present in both sketches estimates the
Jaccard similarity |A ∩ B| / |A ∪ B| with the same accuracy as ``size`` independent hash
functions, at the cost of one hash per shingle instead of ``size`` (a 5,000-character text
is sketched in milliseconds rather than a seventh of a second in pure Python).
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass

from fabu.checks._normalize import fold

DEFAULT_SHINGLE = 5
DEFAULT_SKETCH_SIZE = 128


@dataclass(frozen=True, slots=True)
class CompactText:
    """Letters and digits of a text, folded; ``origin[i]`` is where character ``i`` came from."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> CompactText:
        """Compact ``text``."""
        folded = fold(text)
        kept = [(i, c) for i, c in enumerate(folded) if c.isalnum()]
        return cls("".join(c for _, c in kept), tuple(i for i, _ in kept))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the compact text back to the original text."""
        return self.origin[start], self.origin[end - 1] + 1


def shingle_hashes(text: str, size: int = DEFAULT_SHINGLE) -> set[int]:
    """Stable 64-bit hashes of the ``size``-character shingles (the whole text if shorter)."""
    if not text:
        return set()
    if len(text) <= size:
        return {_hash(text)}
    return {_hash(text[i : i + size]) for i in range(len(text) - size + 1)}


def _hash(shingle: str) -> int:
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def sketch(hashes: set[int], size: int = DEFAULT_SKETCH_SIZE) -> tuple[int, ...]:
    """The MinHash (bottom-k) sketch: the ``size`` smallest hashes, ascending."""
    return tuple(heapq.nsmallest(size, hashes))


def estimate_jaccard(
    first: tuple[int, ...], second: tuple[int, ...], size: int = DEFAULT_SKETCH_SIZE
) -> float:
    """Estimated Jaccard similarity of the two texts behind two sketches."""
    if not first or not second:
        return 0.0
    in_first, in_second = set(first), set(second)
    union_bottom = heapq.nsmallest(size, in_first | in_second)
    shared = sum(
        1 for value in union_bottom if value in in_first and value in in_second
    )
    return shared / len(union_bottom)
