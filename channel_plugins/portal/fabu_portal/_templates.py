"""The Jinja environment of the site's templates (``fabu_portal/templates``), autoescaping HTML and XML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from fabu_portal._format import (
    CHINA,
    LABELS,
    en_date,
    file_type,
    human_size,
    iso,
    rfc822,
    zh_date,
)

__all__ = ["Section", "SiteInfo", "environment", "label_zh", "labeler", "stylesheet"]


@dataclass(frozen=True, slots=True)
class Section:
    """A category as the navigation shows it."""

    name: str
    key: str


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page shows of the site: its name, address, footer lines and sections."""

    name: str
    name_en: str
    url: str
    site_code: str
    icp_number: str
    contact: str
    english: bool
    sections: tuple[Section, ...]

    @property
    def domain(self) -> str:
        """The host of the site's public address."""
        return urlsplit(self.url).netloc


def _pubdate(value: datetime) -> str:
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


@cache
def environment() -> Environment:
    """The shared environment; rendering is thread-safe, so one serves every tenant."""
    env = Environment(
        loader=PackageLoader("fabu_portal", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        zh_date=zh_date,
        iso=iso,
        rfc822=rfc822,
        pubdate=_pubdate,
        human_size=human_size,
        file_type=file_type,
    )
    env.globals["label_zh"] = label_zh
    return env


def label_zh(key: str, **values: Any) -> str:
    """A label's Chinese text alone, for attributes and titles."""
    return LABELS[key][0].format(**values)


def labeler(english: bool) -> Callable[..., Markup]:
    """The ``label`` template function: Chinese, then the English in a ``lang="en"`` span if wanted."""

    def label(key: str, **values: Any) -> Markup:
        zh, en = LABELS[key]
        text = escape(zh.format(**_localized(values, zh_date)))
        if not english:
            return text
        return Markup('{} <span class="en" lang="en">{}</span>').format(text, en.format(**_localized(values, en_date)))

    return label


def _localized(values: dict[str, Any], dates: Callable[[date], str]) -> dict[str, Any]:
    return {name: dates(value) if isinstance(value, date) else value for name, value in values.items()}


@cache
def stylesheet() -> str:
    """The site's stylesheet."""
    return (files("fabu_portal") / "templates" / "site.css").read_text("utf-8")
