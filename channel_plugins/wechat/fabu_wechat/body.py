"""The article body's HTML: find scripts and images, and rewrite image sources to WeChat's URLs.

The body arrives sanitized, but WeChat silently strips JavaScript and filters images that are not
on its own servers, so both are checked here rather than discovered in the published article.
Rewriting re-serializes the parsed HTML, so only the ``src`` values change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Final

__all__ = ["BodyScan", "rewrite_images", "scan_body", "wechat_hosted"]

_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_SCRIPT_TAGS: Final = frozenset({"script", "noscript", "iframe", "object", "embed"})
_URL_ATTRIBUTES: Final = frozenset({"href", "src", "action", "formaction", "data"})
_WECHAT_IMAGE_HOSTS: Final = ("mmbiz.qpic.cn", "mmbiz.qlogo.cn", "mmecoa.qpic.cn")


def wechat_hosted(src: str) -> bool:
    """Whether an image URL is on WeChat's own image servers (kept as is)."""
    host = src.split("://", 1)[-1].split("/", 1)[0].lower()
    return any(host == known or host.endswith("." + known) for known in _WECHAT_IMAGE_HOSTS)


@dataclass
class BodyScan:
    """What the body holds that matters to WeChat."""

    scripts: list[str] = field(default_factory=list)
    """Script-like constructs found: ``<script>`` tags, ``on*`` handlers, ``javascript:`` URLs."""
    images: list[str] = field(default_factory=list)
    """Every ``<img src>``, in order."""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = BodyScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SCRIPT_TAGS:
            self.scan.scripts.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.scan.scripts.append(f"<{tag} {name}>")
            elif name in _URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                self.scan.scripts.append(f"<{tag} {name}=javascript:>")
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.scan.images.append(src.strip())


def scan_body(body_html: str) -> BodyScan:
    """The scripts and image sources in ``body_html``."""
    scanner = _Scanner()
    scanner.feed(body_html)
    scanner.close()
    return scanner.scan


class _Rewriter(HTMLParser):
    def __init__(self, sources: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.sources = sources
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> str:
        parts = [tag]
        for name, value in attrs:
            if tag == "img" and name == "src" and value is not None:
                value = self.sources.get(value.strip(), value)
            parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
        return f"<{' '.join(parts)}{close}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, "" if tag in _VOID else f"></{tag}"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))


def rewrite_images(body_html: str, sources: Mapping[str, str]) -> str:
    """``body_html`` with each ``<img src>`` found in ``sources`` replaced by its mapped URL."""
    rewriter = _Rewriter(sources)
    rewriter.feed(body_html)
    rewriter.close()
    return "".join(rewriter.out)
