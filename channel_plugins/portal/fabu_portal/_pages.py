"""The site's HTML pages: an article (or its withdrawal notice), a category's index pages, the home page."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from fabu_portal._paths import HOME_KEY, article_key, category_key, root_of
from fabu_portal._records import Article, Manifest
from fabu_portal._templates import (
    Section,
    SiteInfo,
    environment,
    labeler,
    stylesheet,
)

__all__ = [
    "UNCATEGORIZED",
    "CategoryPage",
    "category_name",
    "category_pages",
    "render_article",
    "render_home",
    "sections_of",
]

UNCATEGORIZED = "其他信息"
"""The name shown for articles without a category."""
_HOME_LATEST = 10
_HOME_PER_SECTION = 5


def category_name(category: str) -> str:
    """The category as readers see it."""
    return category or UNCATEGORIZED


def render_article(site: SiteInfo, article: Article, body_html: str, *, inline_css: bool = False) -> str:
    """The article's page; a withdrawal notice without the body once it is retracted."""
    key = article_key(article.release_id)
    return (
        environment()
        .get_template("article.html")
        .render(
            site=site,
            root="" if inline_css else root_of(key),
            current=category_name(article.category),
            inline_css=inline_css,
            css=stylesheet() if inline_css else "",
            label=labeler(site.english),
            article=article,
            body_html=body_html,
            category_name=category_name(article.category),
            category_key=category_key(article.category, 1),
        )
    )


@dataclass(frozen=True, slots=True)
class CategoryPage:
    """One rendered index page of a category."""

    key: str
    html: str


def category_pages(site: SiteInfo, category: str, articles: list[Article], page_size: int) -> list[CategoryPage]:
    """Every index page of ``category`` (at least one, saying it is empty if it is)."""
    pages = max(1, math.ceil(len(articles) / page_size))
    template = environment().get_template("category.html")
    rendered = []
    for page in range(1, pages + 1):
        key = category_key(category, page)
        chunk = articles[(page - 1) * page_size : page * page_size]
        rendered.append(
            CategoryPage(
                key,
                template.render(
                    site=site,
                    root=root_of(key),
                    current=category_name(category),
                    inline_css=False,
                    css="",
                    label=labeler(site.english),
                    category_name=category_name(category),
                    articles=chunk,
                    page=page,
                    pages=pages,
                    page_href=_page_href(category),
                ),
            )
        )
    return rendered


def _page_href(category: str) -> Callable[[int], str]:
    # Index pages of one category share a folder, so links between them are bare file names.
    return lambda page: category_key(category, page).rsplit("/", 1)[1]


@dataclass(frozen=True, slots=True)
class _HomeSection:
    name: str
    key: str
    articles: list[Article]


def render_home(site: SiteInfo, manifest: Manifest) -> str:
    """The home page: the latest articles, then each category's newest."""
    sections = [
        _HomeSection(
            category_name(category),
            category_key(category, 1),
            manifest.live(category)[:_HOME_PER_SECTION],
        )
        for category in manifest.categories()
    ]
    return (
        environment()
        .get_template("home.html")
        .render(
            site=site,
            root=root_of(HOME_KEY),
            current="",
            inline_css=False,
            css="",
            label=labeler(site.english),
            latest=manifest.live()[:_HOME_LATEST],
            sections=sections,
        )
    )


def sections_of(manifest: Manifest) -> tuple[Section, ...]:
    """The navigation's sections: every category with listed articles."""
    return tuple(Section(category_name(category), category_key(category, 1)) for category in manifest.categories())
