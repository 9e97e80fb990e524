"""What a notice shows, on paper and on screen, taken from the release once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fabu.channels import ReleaseSnapshot
from fabu_bulletin._period import PostingPeriod, today

__all__ = ["Notice", "notice_from", "zh_date"]


def zh_date(day: date) -> str:
    """``2025年3月1日``, as dates read on official notices."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice ready to print or show: header, title, paragraphs, signature, period and QR target."""

    unit_name: str
    title: str
    document_number: str
    paragraphs: tuple[str, ...]
    signature: str
    dated: date
    period: PostingPeriod
    portal_url: str | None
    index_number: str

    @property
    def text(self) -> str:
        """Everything printed, to check the font covers it."""
        parts = (self.unit_name, self.title, self.document_number, *self.paragraphs, self.signature)
        return "\n".join(parts)


def notice_from(release: ReleaseSnapshot, *, unit_name: str, period: PostingPeriod, now: datetime) -> Notice:
    """The notice for ``release``: paragraphs are the body text's lines, the signature its department."""
    number = release.variant.get("document_number")
    lines = [line.strip() for line in release.body_text.splitlines()]
    return Notice(
        unit_name=unit_name,
        title=release.title,
        document_number=number.strip() if isinstance(number, str) else "",
        paragraphs=tuple(line for line in lines if line),
        signature=release.department or unit_name,
        dated=today(release.published_at or now),
        period=period,
        portal_url=release.links.get("portal"),
        index_number=release.index_number,
    )
