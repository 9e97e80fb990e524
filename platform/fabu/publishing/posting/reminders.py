"""Reminders as the unit keeps them: one row per channel and key, so each is told once.

Each upkeep run reports every reminder standing now. A key seen for the first time is new (its
people are told); a known key is refreshed (and reopened if it was closed); an open reminder the run
no longer reports is closed. A proof of a reminder's ``settled_by`` kind closes it at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from fabu.channels.api import ProofKind, Reminder
from fabu.db.engine import DB

logger = logging.getLogger(__name__)


async def record_reminders(tenant_id: UUID, channel: str, reminders: Sequence[Reminder], now: datetime) -> list[dict[str, Any]]:
    """In the unit's transaction: store the channel's standing reminders; return the rows never told before."""
    releases = {row["id"] for row in await DB.fetch("select id from releases where id = any($1::uuid[])", [r.release_id for r in reminders])}
    new: list[dict[str, Any]] = []
    for reminder in reminders:
        if reminder.release_id not in releases:
            logger.warning("channel %s reminds of release %s, unknown in unit %s; skipped", channel, reminder.release_id, tenant_id)
            continue
        row = await DB.fetchrow(
            """insert into posting_reminders (tenant_id, channel, key, release_id, due_at, message_zh, message_en, settled_by, reminded_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
               on conflict (tenant_id, channel, key) do update set due_at = excluded.due_at, message_zh = excluded.message_zh,
                   message_en = excluded.message_en, settled_by = excluded.settled_by, resolved_at = null
               returning *, (xmax = 0) as inserted""",
            tenant_id, channel, reminder.key, reminder.release_id, reminder.due_at, reminder.message.zh, reminder.message.en,
            reminder.settled_by.value if reminder.settled_by else None, now,
        )  # fmt: skip
        assert row is not None
        if row["inserted"]:  # xmax is 0 only on a row this statement inserted, not one it updated
            new.append(row)
    await DB.fetch(
        "update posting_reminders set resolved_at = $3 where channel = $1 and resolved_at is null and not (key = any($2::text[]))",
        channel, [reminder.key for reminder in reminders], now,
    )  # fmt: skip
    return new


async def settle_reminders(release_id: UUID, channel: str, kind: ProofKind, now: datetime) -> int:
    """Close the open reminders of the release on the channel that a proof of ``kind`` settles; how many."""
    rows = await DB.fetch(
        """update posting_reminders set resolved_at = $4
           where release_id = $1 and channel = $2 and settled_by = $3 and resolved_at is null returning id""",
        release_id, channel, kind.value, now,
    )  # fmt: skip
    return len(rows)
