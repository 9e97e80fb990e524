"""Width and case folding that keeps every offset traceable to the original text.

Matching must survive full-width forms (``０１３８``, ``ＡＢＣ``, ``（``), odd spaces and dashes,
and zero-width characters slipped between the characters of a word. The fold is one character
to one character, so normalised offsets equal original offsets; only the ignorable zero-width
characters are removed, and when a text holds any, a map back to the original is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _build_fold() -> dict[int, str]:
    fold: dict[int, str] = {}
    # Full-width ASCII variants (！ to ～) map to their ASCII forms, letters folded to lower case.
    for code in range(0xFF01, 0xFF5F):
        fold[code] = chr(code - 0xFEE0).lower()
    for code in range(ord("A"), ord("Z") + 1):
        fold[code] = chr(code).lower()
    # Spaces that should separate like a space (no-break, ideographic, the typographic ones).
    for code in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        fold[code] = " "
    # Hyphen-like dashes used between digit groups; the em dash (——) stays punctuation.
    for code in (0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63):
        fold[code] = "-"
    return fold


_FOLD = _build_fold()
_IGNORABLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Folded text plus, when characters were removed, where each character came from."""

    text: str
    origin: tuple[int, ...] | None
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the span of the original it came from."""
        if self.origin is None:
            return start, end
        if end <= start:
            position = (
                self.origin[start] if start < len(self.origin) else self.original_length
            )
            return position, position
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> str:
    """Fold widths, case, spaces and dashes; one character in, one character out."""
    return text.translate(_FOLD)


def normalize(text: str) -> NormalizedText:
    """Fold ``text`` and drop zero-width characters, remembering original offsets."""
    folded = fold(text)
    if _IGNORABLE.search(folded) is None:
        return NormalizedText(folded, None, len(text))
    kept: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(folded):
        if _IGNORABLE.match(char) is None:
            kept.append(char)
            origin.append(index)
    return NormalizedText("".join(kept), tuple(origin), len(text))


def normalize_term(term: str) -> str:
    """The form a lexicon term or roster name is matched in."""
    return _IGNORABLE.sub("", fold(term.strip()))
