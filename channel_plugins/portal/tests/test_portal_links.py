"""The site works on any static host: every link of every page resolves when a plain file server serves it."""

from __future__ import annotations

import re
import urllib.request
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback test server
        return response.status, response.headers.get_content_type(), response.read()


def test_every_link_on_every_page_resolves_on_a_static_host(static_host: str, demo_site: Any) -> None:
    pages = [str(p.relative_to(demo_site.root)) for p in demo_site.root.rglob("*.html")]
    checked: set[str] = set()

    for page in pages:
        page_url = urljoin(static_host, page)
        _, _, body = fetch(page_url)
        for href in re.findall(r'(?:href|src)="([^"#]+)"', body.decode()):
            url = urljoin(page_url, unescape(href))
            if urlsplit(url).netloc != urlsplit(static_host).netloc or url in checked:
                continue
            checked.add(url)
            assert fetch(url)[0] == 200, f"{page} links to {href}"

    assert len(checked) >= 20  # pages, stylesheet, feeds and attachments


def test_the_feeds_are_served_as_xml(static_host: str) -> None:
    for name in ("feed.xml", "atom.xml", "sitemap.xml"):
        status, content_type, body = fetch(static_host + name)
        assert status == 200
        assert content_type in {"application/xml", "text/xml"}
        assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
