"""The site's machine-readable files: RSS 2.0, Atom, sitemap.xml and robots.txt, all with absolute URLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from fabu_portal._paths import HOME_KEY, PRIVATE_PREFIX, category_key
from fabu_portal._records import Manifest
from fabu_portal._templates import SiteInfo, environment

__all__ = ["render_atom", "render_robots", "render_rss", "render_sitemap"]


def render_rss(site: SiteInfo, manifest: Manifest, size: int) -> str:
    """RSS 2.0 of the ``size`` newest listed articles."""
    return environment().get_template("rss.xml").render(site=site, articles=manifest.live()[:size])


def render_atom(site: SiteInfo, manifest: Manifest, size: int, now: datetime) -> str:
    """Atom (RFC 4287) of the ``size`` newest listed articles."""
    articles = manifest.live()[:size]
    updated = max((a.updated_at for a in articles), default=now)
    return environment().get_template("atom.xml").render(site=site, articles=articles, updated=updated)


@dataclass(frozen=True, slots=True)
class _Url:
    loc: str
    lastmod: datetime | None


def render_sitemap(site: SiteInfo, manifest: Manifest) -> str:
    """The sitemap: home page, each category's first index page and every listed article."""
    live = manifest.live()
    urls = [_Url(site.url + HOME_KEY, live[0].updated_at if live else None)]
    for category in manifest.categories():
        newest = manifest.live(category)[0]
        urls.append(_Url(site.url + category_key(category, 1), newest.updated_at))
    urls += [_Url(site.url + article.key, article.updated_at) for article in live]
    return environment().get_template("sitemap.xml").render(urls=urls)


def render_robots(site: SiteInfo) -> str:
    """robots.txt: everything but the plugin's records, and where the sitemap is."""
    private = urlsplit(site.url).path + PRIVATE_PREFIX
    return environment().get_template("robots.txt").render(site=site, private=private)
