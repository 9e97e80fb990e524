"""Visible text of a sanitised HTML body, with a map back to the HTML source.

Checks run on the plain text; a finding's offsets index ``PlainText.text``. A UI that
highlights inside the rendered text uses those offsets directly; one that highlights inside the
HTML source uses ``PlainText.source_span``.

Block elements (``p``, ``div``, ``li``, headings, table rows, ``br``...) become line breaks,
table cells are separated by a tab, runs of collapsible white space become one space (as a
browser renders them; ``pre`` keeps its white space), entities are decoded, and the content of
``script``/``style``/``template`` is skipped. Text hidden by CSS is kept on purpose: it is still
published in the page source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead",
        "tr", "ul",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
_COLLAPSIBLE = " \t\n\r\f"
_RUNS = re.compile(r"([ \t\n\r\f]+)|[^ \t\n\r\f]+")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class PlainText:
    """Plain text extracted from HTML; character ``i`` came from ``source[starts[i]:ends[i]]``."""

    text: str
    source_starts: tuple[int, ...]
    source_ends: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the HTML source that produced ``text[start:end]``."""
        if not self.text:
            return 0, 0
        if end <= start:
            position = self.source_starts[min(start, len(self.text) - 1)]
            return position, position
        return self.source_starts[start], self.source_ends[end - 1]


class _Extractor(HTMLParser):
    """Collects text in pieces; ``starts``/``ends`` hold one source span per character."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0]
        self._line_starts.extend(m.end() for m in _NEWLINE.finditer(source))
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._skip_depth = 0
        self._pre_depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def last(self) -> str:
        """The last character collected so far ('' when none)."""
        return self.pieces[-1][-1] if self.pieces else ""

    def _append(self, char: str, start: int, end: int) -> None:
        self.pieces.append(char)
        self.starts.append(start)
        self.ends.append(end)

    def _append_run(self, text: str, start: int) -> None:
        # Raw source text: character i comes from source[start + i].
        self.pieces.append(text)
        self.starts.extend(range(start, start + len(text)))
        self.ends.extend(range(start + 1, start + len(text) + 1))

    def pop(self) -> None:
        """Drop the last character collected."""
        piece = self.pieces.pop()
        if len(piece) > 1:
            self.pieces.append(piece[:-1])
        self.starts.pop()
        self.ends.pop()

    def _separate(self, separator: str) -> None:
        if self.last() == " ":
            # A trailing collapsed space before a break or a cell boundary is not rendered.
            self.pop()
        last = self.last()
        if not last:
            return
        if last in "\n\t":
            if separator == "\n" and last == "\t":
                self.pop()
                self._append("\n", self._offset(), self._offset())
            return
        position = self._offset()
        self._append(separator, position, position)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self._separate("\n")
            if tag == "pre":
                self._pre_depth += 1
        elif tag in _CELL_TAGS:
            self._separate("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if tag in _BLOCK_TAGS:
            self._separate("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._separate("\n")
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)
        elif tag in _CELL_TAGS:
            self._separate("\t")

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        base = self._offset()
        if self._pre_depth:
            self._append_run(data, base)
            return
        for m in _RUNS.finditer(data):
            if m.group(1) is None:
                self._append_run(m.group(), base + m.start())
            elif self.last() not in ("", " ", "\n", "\t"):
                # A run of white space renders as one space, mapped to the whole run.
                self._append(" ", base + m.start(), base + m.end())

    def _reference(self, raw: str) -> None:
        if self._skip_depth:
            return
        start = self._offset()
        end = start + len(raw)
        if self._source.startswith(";", end):
            end += 1
        for char in html.unescape(raw + ";"):
            if self._pre_depth == 0 and char in _COLLAPSIBLE:
                if self.last() in ("", " ", "\n", "\t"):
                    continue
                char = " "
            self._append(char, start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")


def html_to_text(source: str) -> PlainText:
    """Extract the visible text of an HTML fragment, keeping each character's source position."""
    extractor = _Extractor(source)
    extractor.feed(source)
    extractor.close()
    while extractor.last() in (" ", "\n", "\t"):
        extractor.pop()
    return PlainText(
        "".join(extractor.pieces), tuple(extractor.starts), tuple(extractor.ends)
    )
