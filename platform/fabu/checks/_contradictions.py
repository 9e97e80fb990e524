"""A deliberately simple contradiction heuristic: same sentence, different figures.

Each sentence (split at 。！？；, their ASCII forms and line breaks) that holds at least one
Arabic figure is reduced to a *skeleton*: its letters and digits with every figure replaced by
a placeholder (``全市地区生产总值达到#亿元同比增长#``). Two sentences with the same skeleton
but different figures are reported as a possible contradiction, with both sentences located.

What it honestly cannot do:

* catch a contradiction worded differently (``增长5%`` against ``上升了5个百分点``), or
  figures written in Chinese numerals (``三千``);
* tell a contradiction from a legitimate update: a weekly ``截至3月5日，累计接种…万剂``
  sentence is reported against the last ones until the statement has been published with
  three different sets of figures. Hence a warning, for a person to judge;
* check facts: it compares only with what the unit has already published.

Skeletons need at least eight non-figure characters so that short boilerplate does not match,
and a skeleton already published with more than two different sets of figures is taken for a
recurring statement (monthly statistics, a standing phone line) and not reported at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fabu.checks._normalize import fold

MIN_SKELETON_WORDS = 8
MAX_FIGURE_VARIANTS = 2
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_FIGURE = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?:\s*[%‰])?")
_PLACEHOLDER = "\x00"


@dataclass(frozen=True, slots=True)
class FigureSentence:
    """A sentence at ``text[start:end]``, its skeleton and its figures."""

    start: int
    end: int
    skeleton: str
    figures: tuple[str, ...]


def figure_sentences(text: str) -> Iterator[FigureSentence]:
    """The sentences of ``text`` that hold figures and a long enough skeleton."""
    folded = fold(text)
    start = 0
    for boundary in [*_SENTENCE_END.finditer(folded), None]:
        end = boundary.end() if boundary else len(folded)
        sentence = _sentence(folded, start, end)
        if sentence is not None:
            yield sentence
        start = end


def _sentence(folded: str, start: int, end: int) -> FigureSentence | None:
    raw = folded[start:end]
    stripped = raw.strip(" \t\r\n。！？；!?;")
    if not stripped:
        return None
    figures = tuple(_canonical(m.group()) for m in _FIGURE.finditer(stripped))
    if not figures:
        return None
    replaced = _FIGURE.sub(_PLACEHOLDER, stripped)
    skeleton = "".join(
        c if c.isalnum() else "#" for c in replaced if c.isalnum() or c == _PLACEHOLDER
    )
    if sum(1 for c in skeleton if c != "#") < MIN_SKELETON_WORDS:
        return None
    offset = start + raw.index(stripped)
    return FigureSentence(offset, offset + len(stripped), skeleton, figures)


def _canonical(figure: str) -> str:
    # 1,000 and 1000 are the same figure; 12.50% and 12.5% too.
    value = figure.replace(",", "").replace(" ", "")
    number = value.rstrip("%‰")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number + value[len(value.rstrip("%‰")) :]
