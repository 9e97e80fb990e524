"""The posting period (张贴期): from which day to which day a notice hangs, and when it must come down.

A release sets it with the variant fields ``posting_start`` and ``posting_end`` (``YYYY-MM-DD``,
both days included) or ``posting_days``; otherwise it starts on the publication day and lasts the
config's ``posting_days``. Days are China Standard Time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Final

from fabu.channels import ReleaseSnapshot

__all__ = ["CHINA", "MAX_DAYS", "PostingPeriod", "posting_period", "today"]

CHINA: Final = timezone(timedelta(hours=8), "CST")
MAX_DAYS: Final = 365


@dataclass(frozen=True, slots=True)
class PostingPeriod:
    """The first and last day a notice hangs."""

    start: date
    end: date

    @property
    def remove_after(self) -> datetime:
        """The moment the notice is due to come down: midnight after the last day, China time."""
        return datetime.combine(self.end + timedelta(days=1), time(0), CHINA)

    def contains(self, day: date) -> bool:
        """Whether ``day`` is within the period."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many days it lasts."""
        return (self.end - self.start).days + 1


def today(now: datetime) -> date:
    """The date in China at ``now``."""
    return now.astimezone(CHINA).date()


def posting_period(release: ReleaseSnapshot, default_days: int, now: datetime) -> PostingPeriod:
    """The release's period; ``ValueError`` with a bilingual message if its variant fields are wrong."""
    start = _date(release, "posting_start") or today(release.published_at or now)
    end = _date(release, "posting_end")
    days = release.variant.get("posting_days", default_days)
    if end is None:
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise ValueError("张贴天数须为正整数 / posting_days must be a positive whole number")
        end = start + timedelta(days=days - 1)
    period = PostingPeriod(start, end)
    if end < start:
        raise ValueError("张贴结束日期早于开始日期 / the posting period ends before it starts")
    if period.days > MAX_DAYS:
        raise ValueError(f"张贴期不能超过 {MAX_DAYS} 天 / a posting period lasts at most {MAX_DAYS} days")
    return period


def _date(release: ReleaseSnapshot, name: str) -> date | None:
    value = release.variant.get(name)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} 须为 YYYY-MM-DD 格式的日期 / {name} must be a date as YYYY-MM-DD") from None
