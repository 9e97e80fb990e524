"""``status`` reads of a channel, recorded before they are made, so its rate limits count them.

A channel's documented limits usually count every API call (Weibo's 100 calls a day per account
does), so reconciling an unknown outcome and polling a pending receipt draw on the same windows as
publishing (:mod:`fabu.publishing.throttle`). The relay budgets the rows it hands out; a poll asks
the budget itself and, when a window is spent, waits for it to free instead of calling. Both hold the
unit's budget lock while they choose, so neither counts while the other's claims are invisible.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fabu.channels.api import Capability
from fabu.db.engine import DB
from fabu.publishing.throttle import Verdict, budget, take_budget_lock


async def note_read(tenant_id: UUID, channel: str, outbox_id: UUID) -> None:
    """In the current tenant transaction: record a ``status`` read about to be made for the outbox row."""
    await DB.fetch(
        "insert into channel_reads (tenant_id, channel, outbox_id) values ($1, $2, $3)", tenant_id, channel, outbox_id
    )


async def reads_since(outbox_id: UUID, since: datetime) -> int:
    """How many ``status`` reads were made for the outbox row since ``since`` (e.g. its unknown attempt)."""
    row = await DB.fetchrow(
        "select count(*) as made from channel_reads where outbox_id = $1 and made_at >= $2", outbox_id, since
    )
    return row["made"] if row else 0


async def take_read(tenant_id: UUID, channel: str, outbox_id: UUID, now: datetime) -> Verdict:
    """In the current tenant transaction: record a read if the channel's windows allow one now; else when they
    will (``free_at`` None: ask again shortly, e.g. while the relay is drawing on the same windows)."""
    if not await take_budget_lock():
        return Verdict(False)
    verdict = (await budget(channel, now)).take(Capability.STATUS)
    if verdict.allowed:
        await note_read(tenant_id, channel, outbox_id)
    return verdict
