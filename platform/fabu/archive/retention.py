"""How long a package is kept: the unit's retention rules from its manifest (``retention`` in ``tenants/``).

The rule for the release's catalogue category wins, or else the rule for its nearest parent category
(政策解读 under 政策文件 takes 政策文件's rule); else the rule for ``releases``; without any the package
is kept permanently (nothing is ever dropped by default). What happens when the period
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
    by_subject = {rule.get("applies_to"): rule for rule in rules}
    subjects = [*await _category_and_parents(category_code), "releases"]
    chosen = next((by_subject[subject] for subject in subjects if subject in by_subject), None)
    if chosen is None:
        return Retention(None, "未设保管期限：永久保存 / no retention rule: kept permanently")
    then = chosen.get("then", "archive")
    if chosen["keep_years"] == "permanent":
        return Retention(None, f"{chosen['applies_to']}：永久保存 / permanent")
    years = int(chosen["keep_years"])
    return Retention(_years_later(archived_at, years), f"{chosen['applies_to']}：{years} 年，期满{_THEN[then]} / {years} years, then {then}")


async def _category_and_parents(category_code: str | None) -> list[str]:
    """The category's code, then its parent's, up to the top of the catalogue."""
    if category_code is None:
        return []
    rows = await DB.fetch(
        """with recursive chain as (
               select id, parent_id, code, 0 as depth from disclosure_categories where code = $1
               union all
               select c.id, c.parent_id, c.code, chain.depth + 1 from disclosure_categories c
               join chain on c.id = chain.parent_id where chain.depth < 32)
           select code from chain order by depth""",
        category_code,
    )
    return [row["code"] for row in rows]


_THEN = {"archive": "移交档案", "review": "鉴定", "destroy": "销毁"}


def _years_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a year that has none: the day after 28 February
        return moment.replace(year=moment.year + years, month=3, day=1)
