"""The HTML a release body may hold: an allowlist for government articles, enforced with nh3.

Allowed elements:

- structure: ``h1``-``h6``, ``p``, ``br``, ``hr``, ``blockquote``, ``ul``, ``ol`` (``start``), ``li``,
  ``figure``, ``figcaption``;
- tables: ``table``, ``caption``, ``thead``, ``tbody``, ``tfoot``, ``tr``, ``th`` and ``td``
  (``colspan``, ``rowspan``; ``th`` also ``scope``);
- emphasis: ``strong``, ``b``, ``em``, ``i``, ``u``, ``s``, ``sub``, ``sup``;
- links: ``a`` with ``href`` (``http``, ``https``, ``mailto``, ``tel`` or an in-page ``#anchor``)
  and ``title``; every link gets ``rel="noopener noreferrer"``;
- images: ``img`` whose ``src`` references media in the unit's object store as
  ``fabu-media:<sha256>`` (see :func:`media_reference`), with ``alt``, ``title``, ``width``, ``height``.

Everything else goes: ``script``, ``style`` and their content, event handlers (``on*``),
``style`` and ``class`` attributes, ``javascript:``/``data:``/relative URLs, external images
(they would leak readers to third parties and break when the source changes), comments.
Sanitizing is idempotent: sanitizing a sanitized body changes nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

MEDIA_SCHEME = "fabu-media"
_MEDIA_SRC = re.compile(rf"{MEDIA_SCHEME}:([0-9a-f]{{64}})")
_DIGITS = re.compile(r"[0-9]{1,4}")
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

ALLOWED_TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li",
        "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "img",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan"}),
}
_NUMERIC = frozenset({"width", "height", "start", "colspan", "rowspan"})
_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})


def media_reference(sha256: str) -> str:
    """The ``src`` of an image stored in the unit's object store under ``sha256``."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError(f"不是 SHA-256 / not a SHA-256: {sha256!r}")
    return f"{MEDIA_SCHEME}:{sha256}"


def _safe_link(href: str) -> bool:
    if href.startswith("#"):
        return True
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme.lower() not in _LINK_SCHEMES:
        return False
    return parts.scheme.lower() not in {"http", "https"} or bool(parts.netloc)


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href":
        return value if _safe_link(value.strip()) else None
    if element == "img" and attribute == "src":
        return value if _MEDIA_SRC.fullmatch(value) else None
    if attribute in _NUMERIC:
        return value if _DIGITS.fullmatch(value.strip()) else None
    if attribute == "scope":
        return value if value in _SCOPES else None
    return value


_CLEANER = nh3.Cleaner(
    tags={*ALLOWED_TAGS},
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "svg", "math"},
    attributes={tag: {*names} for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes={*_LINK_SCHEMES, MEDIA_SCHEME},
    strip_comments=True,
    link_rel="noopener noreferrer",
)


def sanitize_html(source: str) -> str:
    """``source`` reduced to the allowlist above."""
    return _CLEANER.clean(source).strip()


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            for name, value in attrs:
                match = _MEDIA_SRC.fullmatch(value or "") if name == "src" else None
                if match:
                    self.found[match.group(1)] = None


def media_references(body_html: str) -> list[str]:
    """The SHA-256s of stored media a body's images reference, in order, without repeats."""
    parser = _ImageSources()
    parser.feed(body_html)
    parser.close()
    return list(parser.found)
