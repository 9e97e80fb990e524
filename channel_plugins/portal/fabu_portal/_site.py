"""Keeping a tenant's site consistent: each change re-renders the pages it affects.

Putting an article writes, in this order: its attachments, its record, its page, the manifest,
then the pages derived from the manifest (its category's index pages — every category's when the
set of categories changed —, the home page, the feeds, the sitemap). Every step replaces whole
files, so repeating a change after a failure converges on the same site: the plugin's calls are
idempotent, and a storage failure is safe to retry.

Article pages link only to the home page and their own category, so they never go stale when
another article changes; index pages carry the full navigation and are re-rendered instead.

Concurrency: the manifest is read, changed and written back; S3 offers no lock. The plugin takes
a per-tenant lock in the context's shared cache (``ctx.cache``, Redis in production) around every
change, so changes to one site run one at a time across workers. Two gaps remain, both repaired by
:meth:`Site.rebuild` (which re-derives everything from the per-article records): a change that
outlives the lock's time-to-live, and a platform that offers no cache (calls then run unlocked, and
two at once can lose one's manifest update: its page and record are written, the indexes miss it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from fabu.channels.sitestore import SiteStore
from fabu_portal._config import PortalConfig
from fabu_portal._feeds import render_atom, render_robots, render_rss, render_sitemap
from fabu_portal._pages import (
    category_name,
    category_pages,
    render_article,
    render_home,
    sections_of,
)
from fabu_portal._paths import (
    ATOM_KEY,
    CSS_KEY,
    HOME_KEY,
    ROBOTS_KEY,
    RSS_KEY,
    SITEMAP_KEY,
    category_key,
    category_prefix,
)
from fabu_portal._records import (
    Article,
    ArticleRecord,
    Manifest,
    load_manifest,
    load_record,
    save_manifest,
    save_record,
)
from fabu_portal._templates import Section, SiteInfo, stylesheet

__all__ = ["Site"]

_HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Site:
    """One tenant's site in its store."""

    store: SiteStore
    config: PortalConfig
    tenant_id: UUID

    @property
    def url(self) -> str:
        """The public address of the site root."""
        return self.config.site_url_for(self.tenant_id)

    def info(self, sections: tuple[Section, ...]) -> SiteInfo:
        """The site as pages show it, with these navigation sections."""
        config = self.config
        return SiteInfo(
            name=config.site_name,
            name_en=config.site_name_en,
            url=self.url,
            site_code=config.site_code,
            icp_number=config.icp_number,
            contact=config.contact,
            english=config.english,
            sections=sections,
        )

    async def record(self, release_id: UUID) -> ArticleRecord | None:
        """What the site holds for ``release_id``."""
        return await load_record(self.store, release_id)

    async def listed(self, release_id: UUID) -> bool:
        """Whether the manifest (and so the indexes) include ``release_id``."""
        return (await load_manifest(self.store)).get(release_id) is not None

    async def put(self, record: ArticleRecord, previous: Article | None, now: datetime) -> None:
        """Write ``record``'s article and re-render what it affects; ``previous`` is the version it replaces."""
        article = record.article
        await save_record(self.store, record)
        await self._write_article(record)
        before = await load_manifest(self.store)
        after = before.with_article(article)
        await save_manifest(self.store, after)
        touched = {article.category} | ({previous.category} if previous else set())
        await self._render_indexes(before, after, touched, now)
        if previous is not None:
            await self._prune_files(after, previous)

    async def rebuild(self, now: datetime) -> Manifest:
        """Render the whole site again from the per-article records, and return the new manifest."""
        manifest = Manifest()
        for key in await self.store.keys("_fabu/articles/"):
            data = await self.store.read(key)
            if data is None:
                continue
            record = ArticleRecord.model_validate_json(data)
            manifest = manifest.with_article(record.article)
            await self._write_article(record)
        await save_manifest(self.store, manifest)
        everything = {article.category for article in manifest.articles}
        await self._render_indexes(Manifest(), manifest, everything, now)
        return manifest

    async def _write_article(self, record: ArticleRecord) -> None:
        article = record.article
        own = (Section(category_name(article.category), category_key(article.category, 1)),)
        page = render_article(self.info(own), article, record.body_html)
        await self.store.write(article.key, page.encode(), _HTML)

    async def _render_indexes(self, before: Manifest, after: Manifest, touched: set[str], now: datetime) -> None:
        info = self.info(sections_of(after))
        categories = set(touched)
        if set(before.categories()) != set(after.categories()):
            categories |= set(before.categories()) | set(after.categories())
        for category in sorted(categories):
            await self._write_category(info, after, category)
        size = self.config.feed_size
        await self._write(HOME_KEY, render_home(info, after), _HTML)
        await self._write(RSS_KEY, render_rss(info, after, size), "application/rss+xml")
        await self._write(ATOM_KEY, render_atom(info, after, size, now), "application/atom+xml")
        await self._write(SITEMAP_KEY, render_sitemap(info, after), "application/xml")
        await self._write(ROBOTS_KEY, render_robots(info), "text/plain; charset=utf-8")
        await self._write(CSS_KEY, stylesheet(), "text/css; charset=utf-8")

    async def _write_category(self, info: SiteInfo, manifest: Manifest, category: str) -> None:
        pages = category_pages(info, category, manifest.live(category), self.config.page_size)
        for page in pages:
            await self._write(page.key, page.html, _HTML)
        current = {page.key for page in pages}
        for key in await self.store.keys(category_prefix(category)):
            if key not in current:  # the category shrank: drop its surplus pages
                await self.store.delete(key)

    async def _prune_files(self, manifest: Manifest, previous: Article) -> None:
        """Delete the previous version's attachments that no listed article uses any more."""
        used = {file.key for article in manifest.live() for file in article.attachments}
        for file in previous.attachments:
            if file.key not in used:
                await self.store.delete(file.key)

    async def _write(self, key: str, text: str, content_type: str) -> None:
        await self.store.write(key, text.encode(), content_type)
