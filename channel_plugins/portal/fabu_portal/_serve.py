"""Serving a tenant's site from its store, for Fabu's development route ``/sites/<tenant>/...``."""

from __future__ import annotations

import mimetypes
from typing import Final

from fabu.channels.sitestore import SiteStore, validate_site_key
from fabu_portal._paths import ATOM_KEY, PRIVATE_PREFIX, RSS_KEY, SITEMAP_KEY

__all__ = ["content_type_for", "serve"]

_TYPES: Final = {
    RSS_KEY: "application/rss+xml; charset=utf-8",
    ATOM_KEY: "application/atom+xml; charset=utf-8",
    SITEMAP_KEY: "application/xml; charset=utf-8",
}
_TEXT: Final = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".json": "application/json",
}


def content_type_for(key: str) -> str:
    """The ``Content-Type`` to serve the file at ``key`` with."""
    if key in _TYPES:
        return _TYPES[key]
    suffix = "." + key.rpartition(".")[2].lower() if "." in key else ""
    if suffix in _TEXT:
        return f"{_TEXT[suffix]}; charset=utf-8"
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


async def serve(store: SiteStore, path: str) -> tuple[bytes, str] | None:
    """The file at ``path`` below the site root and its content type, or ``None`` (answer 404).

    ``path`` is the part of the URL after the site root, percent-decoded, with or without a
    leading ``/``; an empty path or one ending in ``/`` means its ``index.html``. The plugin's own
    records (``_fabu/``) and anything that is not a plain relative path are never served.
    """
    key = path.removeprefix("/")
    if key == "" or key.endswith("/"):
        key += "index.html"
    if key.startswith(PRIVATE_PREFIX):
        return None
    try:
        validate_site_key(key)
    except ValueError:
        return None
    data = await store.read(key)
    return None if data is None else (data, content_type_for(key))
