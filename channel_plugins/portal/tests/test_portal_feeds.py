"""RSS 2.0, Atom and the sitemap: well-formed, absolute URLs, listed articles only, newest first."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://www.example.gov.cn/"


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - the plugin's own output, not untrusted data


def test_rss_lists_the_listed_articles_newest_first_with_absolute_links(demo_site: Any) -> None:
    channel = parse(demo_site.root / "feed.xml").find("channel")
    assert channel is not None

    items = channel.findall("item")
    assert channel.findtext("title") == "示例市人民政府"
    assert channel.findtext("language") == "zh-cn"
    assert len(items) == 9  # ten published, one withdrawn
    assert items[0].findtext("title") == demo_site.notice.title
    assert items[0].findtext("link") == f"{SITE}articles/{demo_site.notice.release_id}.html"
    assert items[0].findtext("guid") == f"urn:uuid:{demo_site.notice.release_id}"
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in items]
    assert dates == sorted(dates, reverse=True)
    assert demo_site.withdrawn.title not in {item.findtext("title") for item in items}


def test_atom_entries_carry_the_correction_as_their_update(demo_site: Any) -> None:
    feed = parse(demo_site.root / "atom.xml")

    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}
    corrected = entries[demo_site.corrected.title]
    assert corrected.findtext(f"{ATOM}published") == "2025-02-27T17:00:00+08:00"
    assert corrected.findtext(f"{ATOM}updated") == "2025-03-02T16:00:00+08:00"
    assert feed.findtext(f"{ATOM}updated") == "2025-03-02T16:00:00+08:00"
    assert demo_site.withdrawn.title not in entries


def test_the_sitemap_lists_home_categories_and_listed_articles(demo_site: Any) -> None:
    urls = [
        url.findtext(f"{SITEMAP}loc") or "" for url in parse(demo_site.root / "sitemap.xml").findall(f"{SITEMAP}url")
    ]

    assert urls[0] == f"{SITE}index.html"
    assert sum("/categories/" in url for url in urls) == 2
    assert sum("/articles/" in url for url in urls) == 9
    assert f"{SITE}articles/{demo_site.withdrawn.release_id}.html" not in urls
    assert all(url.startswith(SITE) for url in urls)
