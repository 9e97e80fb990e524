"""The digital side of the board: an auto-rotating signage page and a JSON Feed of the current notices.

The signage page (``signage.html``, with ``signage.css`` and ``signage.js`` beside it, so a strict
Content-Security-Policy of ``'self'`` works) holds every notice that is current when it is rendered and
hides, in the browser, those whose period is over, so a screen never shows an expired notice
even between re-renders; without JavaScript all of them show, one after another. The JSON Feed
(``notices.json``, https://jsonfeed.org/version/1.1) lists the notices in their posting period
when it was rendered, each with an ``_posting`` extension (start, end, remove_after).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from fabu_bulletin._config import BulletinConfig
from fabu_bulletin._notice import zh_date
from fabu_bulletin._period import CHINA, today
from fabu_bulletin._qr import qr_svg
from fabu_bulletin._records import Board, NoticeRecord, pdf_key

__all__ = ["FEED_KEY", "SIGNAGE_KEY", "render_feed", "render_signage", "signage_assets", "slide_html"]

SIGNAGE_KEY: Final = "signage.html"
FEED_KEY: Final = "notices.json"
_EXCERPT: Final = 300


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("fabu_bulletin", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _template_file(name: str) -> str:
    return (files("fabu_bulletin") / "templates" / name).read_text("utf-8")


def signage_assets() -> dict[str, tuple[str, str]]:
    """The signage page's stylesheet and script, by key: their text and content type."""
    return {
        "signage.css": (_template_file("signage.css"), "text/css; charset=utf-8"),
        "signage.js": (_template_file("signage.js"), "text/javascript; charset=utf-8"),
    }


@dataclass(frozen=True, slots=True)
class _Slide:
    title: str
    excerpt: str
    department: str
    dated: str
    period_start: Any
    period_end: Any
    period_text: str
    qr_svg: str


def _excerpt(notice: NoticeRecord) -> str:
    text = notice.summary or " ".join(notice.body_text.split())
    return text if len(text) <= _EXCERPT else text[:_EXCERPT].rstrip() + "……"


def _slide(notice: NoticeRecord) -> _Slide:
    period = notice.period
    return _Slide(
        title=notice.title,
        excerpt=_excerpt(notice),
        department=notice.department,
        dated=zh_date(notice.published_at.astimezone(CHINA).date()),
        period_start=period.start,
        period_end=period.end,
        period_text=f"{zh_date(period.start)}至{zh_date(period.end)}",
        qr_svg=qr_svg(notice.portal_url, f"二维码：{notice.title}") if notice.portal_url else "",
    )


def _page(*, notices: list[NoticeRecord], generated: datetime, inline: bool, **names: str | int) -> str:
    template = _environment().get_template("signage.html")
    return template.render(
        notices=[_slide(n) for n in notices],
        generated=generated.astimezone(CHINA).strftime("%Y-%m-%d %H:%M"),
        inline=inline,
        css=_template_file("signage.css") if inline else "",
        **names,
    )


def render_signage(config: BulletinConfig, board: Board, now: datetime) -> str:
    """The signage page for ``now``: current and upcoming notices (the script shows those due today)."""
    return _page(
        notices=board.for_signage(today(now)),
        generated=now,
        inline=False,
        board_name=config.board_name,
        unit_name=config.unit_name,
        unit_name_en=config.unit_name_en,
        rotate_seconds=config.rotate_seconds,
    )


def slide_html(notice: NoticeRecord) -> str:
    """One notice as the signage page shows it (the preview): a standalone page, styles inlined, no script."""
    return _page(
        notices=[notice],
        generated=notice.published_at,
        inline=True,
        board_name="政务公开栏",
        unit_name="（单位名称）",
        unit_name_en="",
        rotate_seconds=20,
    )


def render_feed(config: BulletinConfig, base_url: str, board: Board, now: datetime) -> str:
    """The JSON Feed of the notices in their posting period at ``now``."""
    items = []
    for notice in board.on_screen(today(now)):
        period = notice.period
        items.append(
            {
                "id": str(notice.release_id),
                "url": notice.portal_url or base_url + pdf_key(notice.release_id, "A4"),
                "title": notice.title,
                "summary": notice.summary or _excerpt(notice),
                "content_text": notice.body_text,
                "date_published": notice.published_at.isoformat(),
                "date_modified": (notice.updated_at or notice.published_at).isoformat(),
                "authors": [{"name": notice.department or config.unit_name}],
                "language": "zh-CN",
                "attachments": [
                    {
                        "url": base_url + pdf_key(notice.release_id, paper),
                        "mime_type": "application/pdf",
                        "title": f"{paper} 打印版 / print ({paper})",
                    }
                    for paper in ("A4", "A3")
                ],
                "_posting": {
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "remove_after": period.remove_after.isoformat(),
                },
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{config.unit_name} {config.board_name}",
        "home_page_url": base_url + SIGNAGE_KEY,
        "feed_url": base_url + FEED_KEY,
        "language": "zh-CN",
        "_fabu_bulletin": {"generated_at": now.astimezone(CHINA).isoformat(timespec="seconds")},
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1)
