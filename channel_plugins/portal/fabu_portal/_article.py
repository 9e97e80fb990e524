"""From the release the pipeline hands over to the article the site shows.

Variant fields the portal reads (all optional, set by the editor for this channel):
``document_number`` (文号), ``written_date`` (成文日期, ``YYYY-MM-DD``) and ``correction_note``
(更正说明, shown when an update corrects a published article).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import nh3

from fabu.channels import MediaReader, ReleaseSnapshot, TerminalChannelError
from fabu.channels.sitestore import SiteStore
from fabu_portal._paths import file_key
from fabu_portal._records import Article, SiteFile

__all__ = ["article_from", "clean_body", "copy_attachments", "variant_text", "written_on"]


def variant_text(release: ReleaseSnapshot, name: str) -> str:
    """A text variant field, ``""`` when unset or not a string."""
    value = release.variant.get(name)
    return value.strip() if isinstance(value, str) else ""


def written_on(release: ReleaseSnapshot) -> date | None:
    """The ``written_date`` variant field; ``ValueError`` if it is not ``YYYY-MM-DD``."""
    text = variant_text(release, "written_date")
    return date.fromisoformat(text) if text else None


def clean_body(body_html: str) -> str:
    """The body sanitized once more: the page is public, so no script survives even a platform bug."""
    return nh3.clean(body_html)


def article_from(
    release: ReleaseSnapshot,
    *,
    published_at: datetime,
    files: tuple[SiteFile, ...],
    corrected_at: datetime | None = None,
) -> Article:
    """The site's article for ``release``."""
    try:
        written = written_on(release)
    except ValueError:
        written = None  # validate() reports it; the page simply leaves the date out
    return Article(
        release_id=release.release_id,
        title=release.title,
        summary=release.summary,
        category=release.category,
        department=release.department,
        index_number=release.index_number,
        document_number=variant_text(release, "document_number"),
        written_on=written,
        published_at=published_at,
        corrected_at=corrected_at,
        correction_note=variant_text(release, "correction_note") if corrected_at else "",
        attachments=files,
        content_sha256=release.content_sha256,
    )


async def copy_attachments(media: MediaReader, store: SiteStore, release: ReleaseSnapshot) -> tuple[SiteFile, ...]:
    """Copy each attachment onto the site under its content hash, checking it is the approved file."""
    files = []
    for attachment in release.attachments:
        try:
            data = await media.read(attachment.key)
        except KeyError:
            raise TerminalChannelError(
                "attachment_missing",
                f"附件“{attachment.name}”不存在 / attachment '{attachment.name}' is missing",
            ) from None
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise TerminalChannelError(
                "attachment_changed",
                f"附件“{attachment.name}”与审批版本不一致 / attachment '{attachment.name}' differs from the approved one",
            )
        key = file_key(attachment.sha256, attachment.name, attachment.content_type)
        await store.write(key, data, attachment.content_type)
        files.append(
            SiteFile(
                name=attachment.name,
                key=key,
                content_type=attachment.content_type,
                size=len(data),
                sha256=attachment.sha256,
            )
        )
    return tuple(files)
