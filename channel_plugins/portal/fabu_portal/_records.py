"""What the site remembers about its articles, kept as JSON next to the pages.

Two kinds of file under ``_fabu/``: one record per article (``articles/<release id>.json``: the
article's metadata and body, the truth about that article) and the manifest (``manifest.json``:
every article's metadata, no bodies), from which the index pages, feeds and sitemap are rendered.
The manifest is changed read-modify-write; see :mod:`fabu_portal._site` for what that implies.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from fabu.channels.sitestore import SiteStore
from fabu_portal._paths import article_key

__all__ = [
    "MANIFEST_KEY",
    "Article",
    "ArticleRecord",
    "Manifest",
    "SiteFile",
    "load_manifest",
    "load_record",
    "record_key",
    "save_manifest",
    "save_record",
]

MANIFEST_KEY = "_fabu/manifest.json"


def record_key(release_id: UUID) -> str:
    """The key of an article's record."""
    return f"_fabu/articles/{release_id}.json"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class SiteFile(_Frozen):
    """An attachment copied onto the site."""

    name: str
    key: str
    content_type: str
    size: int
    sha256: str


class Article(_Frozen):
    """One article's metadata, as the index pages and feeds need it."""

    release_id: UUID
    title: str
    summary: str = ""
    category: str = ""
    department: str = ""
    index_number: str = ""
    document_number: str = ""
    written_on: date | None = None
    published_at: AwareDatetime
    corrected_at: AwareDatetime | None = None
    correction_note: str = ""
    retracted_at: AwareDatetime | None = None
    retraction_reason: str = ""
    attachments: tuple[SiteFile, ...] = ()
    content_sha256: str = ""

    @property
    def key(self) -> str:
        """Where the article's page is, relative to the site root."""
        return article_key(self.release_id)

    @property
    def live(self) -> bool:
        """Whether it is listed (published and not retracted)."""
        return self.retracted_at is None

    @property
    def updated_at(self) -> datetime:
        """When its content last changed."""
        return self.retracted_at or self.corrected_at or self.published_at


class ArticleRecord(_Frozen):
    """An article and its body: enough to render its page again."""

    article: Article
    body_html: str


class Manifest(_Frozen):
    """Every article the site knows, newest first."""

    version: int = 1
    articles: tuple[Article, ...] = ()

    def get(self, release_id: UUID) -> Article | None:
        """The article of ``release_id``, if any."""
        return next((a for a in self.articles if a.release_id == release_id), None)

    def with_article(self, article: Article) -> Manifest:
        """This manifest with ``article`` added or replaced, newest first."""
        others = [a for a in self.articles if a.release_id != article.release_id]
        ordered = sorted(
            [*others, article],
            key=lambda a: (a.published_at, str(a.release_id)),
            reverse=True,
        )
        return Manifest(version=self.version, articles=tuple(ordered))

    def live(self, category: str | None = None) -> list[Article]:
        """Listed articles (in ``category``, if given), newest first."""
        return [a for a in self.articles if a.live and (category is None or a.category == category)]

    def categories(self) -> list[str]:
        """Categories of listed articles, sorted so the navigation keeps its order."""
        return sorted({a.category for a in self.live()})


async def load_manifest(store: SiteStore) -> Manifest:
    """The manifest, empty on a new site."""
    data = await store.read(MANIFEST_KEY)
    return Manifest() if data is None else Manifest.model_validate_json(data)


async def save_manifest(store: SiteStore, manifest: Manifest) -> None:
    """Replace the manifest."""
    data = manifest.model_dump_json(indent=1).encode()
    await store.write(MANIFEST_KEY, data, "application/json")


async def load_record(store: SiteStore, release_id: UUID) -> ArticleRecord | None:
    """The record of ``release_id``, if the site has one."""
    data = await store.read(record_key(release_id))
    return None if data is None else ArticleRecord.model_validate_json(data)


async def save_record(store: SiteStore, record: ArticleRecord) -> None:
    """Replace an article's record."""
    data = record.model_dump_json(indent=1).encode()
    await store.write(record_key(record.article.release_id), data, "application/json")
