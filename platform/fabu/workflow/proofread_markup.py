"""What a proofreading correction may not touch inside a text: markup, links and references.

A correction is counted in changed characters, but a few characters can change what a reader is
sent to: a link's ``href`` or an image's ``src`` in the body (``gov.cn`` → ``gov.cm``), a web
address in a Weibo text, a cover image's key or a posting date in a channel variant. None of these
is a typo, so none may change at all: the body's tags and attributes must stay as they were (only
the words between them are counted), no web address may change anywhere, and a variant value that
is a single token (a key, a file name, a date, a number written as text) must stay as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'，。；、）)】]+|www\.[^\s<>\"'，。；、）)】]+", re.IGNORECASE)
_TOKEN = re.compile(r"^[^\s\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+$")
"""One word of no Chinese and no space: a key, a file name, a date, a number, an address."""


@dataclass
class Markup:
    """A piece of HTML split into its tags (with their attributes) and the words between them."""

    tags: list[tuple[str, str, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    words: list[str] = field(default_factory=lambda: [""])

    @property
    def text(self) -> str:
        """The words of every gap between tags, one gap a line: identical tags give aligned lines."""
        return "\n".join(self.words)


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = Markup()

    def _tag(self, kind: str, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.tags.append((kind, tag, tuple(sorted((name, value or "") for name, value in attrs))))
        self.markup.words.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag("empty", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._tag("end", tag, [])

    def handle_data(self, data: str) -> None:
        self.markup.words[-1] += data


def split_markup(html: str) -> Markup:
    """The tags and the words of ``html``."""
    splitter = _Splitter()
    splitter.feed(html)
    splitter.close()
    return splitter.markup


def web_addresses(text: str) -> list[str]:
    """The web addresses written in ``text``, in order."""
    return _URL.findall(text)


def is_token(value: str) -> bool:
    """Whether a variant's text is one token (a key, a file name, a date...) rather than words."""
    return bool(_TOKEN.match(value.strip()))
