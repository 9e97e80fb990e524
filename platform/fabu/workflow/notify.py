"""Notifications: rows written in the transition's transaction, and a PostgreSQL NOTIFY for live inboxes.

``pg_notify`` is delivered only when the transaction commits, so a subscriber never hears of a
transition that was rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from uuid import UUID

from fabu.db.engine import DB

INBOX_CHANNEL = "fabu_inbox"


async def notify(
    tenant_id: UUID, people: Iterable[UUID], release_id: UUID | None, kind: str, message_zh: str, message_en: str
) -> None:
    """Write a notification for each person and signal their inboxes on commit."""
    recipients = sorted(set(people))
    if not recipients:
        return
    await DB.fetch(
        """insert into notifications (tenant_id, person_id, release_id, kind, message_zh, message_en)
           select $1, person_id, $3, $4, $5, $6 from unnest($2::uuid[]) as person_id""",
        tenant_id,
        recipients,
        release_id,
        kind,
        message_zh,
        message_en,
    )
    await signal_inboxes(tenant_id, recipients)


async def signal_inboxes(tenant_id: UUID, people: Iterable[UUID]) -> None:
    payload = json.dumps({"tenant": str(tenant_id), "people": [str(p) for p in people]})
    await DB.fetch("select pg_notify($1, $2)", INBOX_CHANNEL, payload)
