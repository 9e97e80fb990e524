"""The portal channel: the unit's public website, written as static files to the tenant's site store."""

from __future__ import annotations

import dataclasses
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from datetime import UTC, datetime
from typing import ClassVar, Final

from fabu.channels import (
    Bilingual,
    Capability,
    ChannelContext,
    ChannelLimits,
    ChannelPlugin,
    Finding,
    MediaRule,
    Preview,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    ReleaseSnapshot,
    StatusReport,
    TerminalChannelError,
    check_limits,
)
from fabu.channels.sitestore import Place, exclusive_change, site_store, store_errors
from fabu_portal._article import article_from, clean_body, copy_attachments
from fabu_portal._checks import portal_findings
from fabu_portal._config import PortalConfig
from fabu_portal._pages import category_name, render_article
from fabu_portal._paths import category_key
from fabu_portal._records import ArticleRecord
from fabu_portal._site import Site
from fabu_portal._templates import Section, SiteInfo

__all__ = ["PortalChannel"]

Context = ChannelContext[PortalConfig]
_MIB: Final = 1024 * 1024
_LOCK_TTL: Final = 300.0
"""Seconds after which the site lock of a worker that died frees itself; longer than a site update."""
_LOCK_WAIT: Final = 30.0
_PLACE: Final = Place("site", "网站", "the site")
_DOCUMENTS: Final = (
    "application/pdf",
    "application/ofd",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/zip",
    "text/plain",
    "text/csv",
)
_PREVIEW_SITE: Final = SiteInfo(
    name="（网站名称）",
    name_en="",
    url="https://www.example.gov.cn/",
    site_code="",
    icp_number="",
    contact="",
    english=True,
    sections=(),
)


class PortalChannel(ChannelPlugin[PortalConfig]):
    """Publishes releases as accessible static pages of the unit's government website."""

    name: ClassVar[str] = "portal"
    display_name: ClassVar[Bilingual] = Bilingual(zh="政府门户网站", en="Government portal website")
    capabilities: ClassVar[Capability] = Capability.PUBLISH | Capability.UPDATE | Capability.RETRACT | Capability.STATUS
    limits: ClassVar[ChannelLimits] = ChannelLimits(
        title_max=100,
        summary_max=500,
        body_max=200_000,
        attachments_max=20,
        media=(MediaRule((*_DOCUMENTS, "image/*"), 50 * _MIB),),
    )
    config_model = PortalConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """The declared limits, the disclosure metadata and the body's accessibility."""
        return [*check_limits(release, self.limits), *portal_findings(release)]

    def render(self, release: ReleaseSnapshot) -> Preview:
        """The article page as readers will see it (styles inlined, site name a placeholder)."""
        published_at = release.published_at or datetime.now(UTC)
        article = article_from(release, published_at=published_at, files=())
        own = Section(category_name(release.category), category_key(release.category, 1))
        site = dataclasses.replace(_PREVIEW_SITE, sections=(own,))
        page = render_article(site, article, clean_body(release.body_html), inline_css=True)
        return Preview(html=page, text="\n".join(filter(None, (release.title, release.summary))))

    async def publish(self, ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
        """Write the article page and re-render the indexes; repeating it is harmless."""
        site = _site(ctx)
        async with _exclusive(ctx):
            existing = await site.record(release.release_id)
            previous = existing.article if existing else None
            published_at = release.published_at or (previous.published_at if previous else ctx.clock())
            files = await copy_attachments(ctx.media, site.store, release)
            article = article_from(release, published_at=published_at, files=files)
            if previous is not None and previous.retracted_at is None:
                # A repeated publish keeps the correction notice an update added in between.
                kept = {"corrected_at": previous.corrected_at, "correction_note": previous.correction_note}
                article = article.model_copy(update=kept)
            await site.put(
                ArticleRecord(article=article, body_html=clean_body(release.body_html)), previous, ctx.clock()
            )
        ctx.logger.info("portal: release %s published at %s", release.release_id, article.key)
        return _receipt(site, article.key, article.published_at, attachments=len(files))

    async def update(self, ctx: Context, release: ReleaseSnapshot, ref: PublicationRef) -> PublishReceipt:
        """Replace the article's content; the page then carries a correction notice with today's date."""
        site = _site(ctx)
        async with _exclusive(ctx):
            existing = await site.record(release.release_id)
            if existing is None:
                raise TerminalChannelError("not_published", "网站上没有这篇文章 / the site has no such article")
            if existing.article.retracted_at is not None:
                raise TerminalChannelError(
                    "retracted", "文章已撤回，不能更正 / the article was withdrawn and cannot be corrected"
                )
            files = await copy_attachments(ctx.media, site.store, release)
            article = article_from(
                release,
                published_at=existing.article.published_at,
                files=files,
                corrected_at=ctx.clock(),
            )
            record = ArticleRecord(article=article, body_html=clean_body(release.body_html))
            await site.put(record, existing.article, ctx.clock())
        return _receipt(site, article.key, article.published_at, attachments=len(files))

    async def retract(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Replace the page by a withdrawal notice and drop it from the indexes, feeds and sitemap."""
        return await self.withdraw(ctx, ref, reason="")

    async def withdraw(self, ctx: Context, ref: PublicationRef, *, reason: str) -> StatusReport:
        """:meth:`retract`, with the reason shown on the notice (the SDK's ``retract`` carries none)."""
        site = _site(ctx)
        async with _exclusive(ctx):
            existing = await site.record(ref.release_id)
            if existing is None:
                raise TerminalChannelError("not_published", "网站上没有这篇文章 / the site has no such article")
            article = existing.article
            if article.retracted_at is None:
                article = article.model_copy(update={"retracted_at": ctx.clock(), "retraction_reason": reason.strip()})
                await site.put(existing.model_copy(update={"article": article}), existing.article, ctx.clock())
        return StatusReport(
            state=PublicationState.RETRACTED,
            message="已撤回，页面显示撤回说明 / withdrawn; the page shows a notice",
            external_ids={"path": article.key},
            url=site.url + article.key,
        )

    async def status(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Where the article stands, found by release id (its page's address derives from it)."""
        site = _site(ctx)
        with _store_errors():
            record = await site.record(ref.release_id)
            if record is None:
                # The record is written before the page: without it, nothing is public.
                return StatusReport(state=PublicationState.NOT_FOUND)
            article = record.article
            ids, url = {"path": article.key}, site.url + article.key
            if article.retracted_at is not None:
                return StatusReport(state=PublicationState.RETRACTED, external_ids=ids, url=url)
            if not await site.listed(ref.release_id):
                return StatusReport(
                    state=PublicationState.PUBLISHED,
                    message="页面已发布但未编入索引，请重新发布或重建网站 / page is live but missing from the indexes; publish again or rebuild",
                    external_ids=ids,
                    url=url,
                )
        return StatusReport(state=PublicationState.PUBLISHED, external_ids=ids, url=url)

    async def rebuild(self, ctx: Context) -> int:
        """Render the tenant's whole site again from the per-article records; returns how many articles."""
        site = _site(ctx)
        async with _exclusive(ctx):
            manifest = await site.rebuild(ctx.clock())
        return len(manifest.articles)


def _site(ctx: Context) -> Site:
    return Site(site_store(ctx.config, ctx.tenant_id), ctx.config, ctx.tenant_id)


def _receipt(site: Site, key: str, published_at: datetime, *, attachments: int) -> PublishReceipt:
    return PublishReceipt(
        state=PublicationState.PUBLISHED,
        external_ids={"path": key},
        url=site.url + key,
        published_at=published_at,
        raw={"path": key, "attachments": attachments},
    )


def _exclusive(ctx: Context) -> AbstractAsyncContextManager[None]:
    """One change at a time across workers (through the shared cache); storage errors in SDK terms."""
    return exclusive_change(ctx.cache, _PLACE, ttl=_LOCK_TTL, wait=_LOCK_WAIT)


def _store_errors() -> AbstractContextManager[None]:
    return store_errors(_PLACE)
