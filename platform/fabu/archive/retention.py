"""How long a package is kept: the unit's retention rules from its manifest (``retention`` in ``tenants/``).

The rule for the release's catalogue category wins; else the rule for ``releases``; without either
the package is kept permanently (nothing is ever dropped by default). What happens when the period
ends (``then``: archive, review, destroy) is recorded with the package; no job acts on it yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fabu.db.engine import DB


@dataclass(frozen=True)
class Retention:
    """Until when a package is kept (``None``: permanently) and which rule said so, for people."""

    until: datetime | None
    rule: str


async def retention_for(category_code: str | None, archived_at: datetime) -> Retention:
    """In the unit's transaction: the retention of a package of a release in ``category_code`` made at ``archived_at``."""
    row = await DB.fetchrow("select settings from onboarding_settings")
    settings = json.loads(row["settings"]) if row and isinstance(row["settings"], str) else (row["settings"] if row else {})
    rules: list[dict[str, Any]] = settings.get("retention", []) if isinstance(settings, dict) else []
    chosen = next((rule for rule in rules if rule.get("applies_to") == category_code), None) or next(
        (rule for rule in rules if rule.get("applies_to") == "releases"), None
    )
    if chosen is None:
        return Retention(None, "未设保管期限：永久保存 / no retention rule: kept permanently")
    then = chosen.get("then", "archive")
    if chosen["keep_years"] == "permanent":
        return Retention(None, f"{chosen['applies_to']}：永久保存 / permanent")
    years = int(chosen["keep_years"])
    return Retention(_years_later(archived_at, years), f"{chosen['applies_to']}：{years} 年，期满{_THEN[then]} / {years} years, then {then}")


_THEN = {"archive": "移交档案", "review": "鉴定", "destroy": "销毁"}


def _years_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a year that has none: the day after 28 February
        return moment.replace(year=moment.year + years, month=3, day=1)
