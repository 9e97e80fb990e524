"""The site's URL layout: where each page and file lives, relative to the site root.

::

    index.html                          home page
    articles/<release id>.html          an article (or its withdrawal notice)
    categories/<slug>/index.html        a category's first index page; 2.html, 3.html, ... after it
    files/<sha256>.<ext>                attachments, by content
    feed.xml  atom.xml  sitemap.xml  robots.txt  assets/site.css
    _fabu/manifest.json  _fabu/articles/<release id>.json    the plugin's own records
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from typing import Final
from uuid import UUID

__all__ = [
    "ATOM_KEY",
    "CSS_KEY",
    "HOME_KEY",
    "PRIVATE_PREFIX",
    "ROBOTS_KEY",
    "RSS_KEY",
    "SITEMAP_KEY",
    "article_key",
    "category_key",
    "category_prefix",
    "category_slug",
    "file_key",
    "root_of",
]

HOME_KEY: Final = "index.html"
RSS_KEY: Final = "feed.xml"
ATOM_KEY: Final = "atom.xml"
SITEMAP_KEY: Final = "sitemap.xml"
ROBOTS_KEY: Final = "robots.txt"
CSS_KEY: Final = "assets/site.css"
PRIVATE_PREFIX: Final = "_fabu/"
_EXTENSION: Final = re.compile(r"\.([A-Za-z0-9]{1,8})$")


def article_key(release_id: UUID) -> str:
    """An article's page; stable for the life of the release."""
    return f"articles/{release_id}.html"


def category_slug(category: str) -> str:
    """A short ASCII name for a category (categories are Chinese words)."""
    if not category:
        return "uncategorized"
    return "c" + hashlib.sha256(category.encode()).hexdigest()[:10]


def category_prefix(category: str) -> str:
    """The folder of a category's index pages."""
    return f"categories/{category_slug(category)}/"


def category_key(category: str, page: int) -> str:
    """The category's index page number ``page`` (from 1)."""
    name = "index" if page == 1 else str(page)
    return f"{category_prefix(category)}{name}.html"


def file_key(sha256: str, name: str, content_type: str) -> str:
    """An attachment's key: its content hash, and an extension from its name or type."""
    match = _EXTENSION.search(name)
    extension = match[1].lower() if match else (mimetypes.guess_extension(content_type) or ".bin").lstrip(".")
    return f"files/{sha256}.{extension}"


def root_of(key: str) -> str:
    """The relative path from the page at ``key`` back to the site root, e.g. ``"../"``."""
    return "../" * key.count("/")
