"""Reads of a channel, recorded before they are made, so its rate limits count them.

A channel's documented limits usually count every API call (Weibo's 100 calls a day per account
does), so reconciling an unknown outcome and polling a pending receipt (``status``), and the
follow-up's ``metrics`` and ``feedback`` reads, draw on the same windows as publishing
(:mod:`fabu.publishing.throttle`). The relay budgets the rows it hands out; a poll asks
the budget itself and, when a window is spent, waits for it to free instead of calling. Both hold the
unit's budget lock while they choose, so neither counts while the other's claims are invisible.

Reads are kept only as long as something counts them: a daily job (:func:`prune_all_reads`)
deletes those older than the longest window any plugin declares, and at least a week.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

from fabu.channels.api import Capability
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.plugins import registry
from fabu.publishing.throttle import READS, Verdict, budget, take_budget_lock

logger = logging.getLogger(__name__)

KEPT_AT_LEAST: Final = timedelta(days=7)
"""Reads are kept this long even when no window is as long: an unknown outcome counts its reads until it
is settled or flagged (about two hours), and a week leaves room to see what happened."""


async def note_read(tenant_id: UUID, channel: str, outbox_id: UUID, capability: Capability = Capability.STATUS) -> None:
    """In the current tenant transaction: record a read about to be made about the outbox row's publication."""
    await DB.fetch(
        "insert into channel_reads (tenant_id, channel, outbox_id, capability) values ($1, $2, $3, $4)",
        tenant_id, channel, outbox_id, READS[capability],
    )  # fmt: skip


async def reads_since(outbox_id: UUID, since: datetime) -> int:
    """How many ``status`` reads were made for the outbox row since ``since`` (e.g. its unknown attempt)."""
    row = await DB.fetchrow(
        "select count(*) as made from channel_reads where outbox_id = $1 and made_at >= $2 and capability = 'status'",
        outbox_id, since,
    )  # fmt: skip
    return row["made"] if row else 0


async def take_read(
    tenant_id: UUID, channel: str, outbox_id: UUID, now: datetime, capability: Capability = Capability.STATUS
) -> Verdict:
    """In the current tenant transaction: record a read if the channel's windows allow one now; else when they
    will (``free_at`` None: ask again shortly, e.g. while the relay is drawing on the same windows)."""
    if not await take_budget_lock():
        return Verdict(False)
    verdict = (await budget(channel, now)).take(capability)
    if verdict.allowed:
        await note_read(tenant_id, channel, outbox_id, capability)
    return verdict


def reads_kept() -> timedelta:
    """How long a read counts for something: the longest rate window of any plugin here, at least ``KEPT_AT_LEAST``."""
    longest = max((limit.per_seconds for plugin in registry() for limit in plugin.limits.rate_limits), default=0)
    return max(timedelta(seconds=longest), KEPT_AT_LEAST)


async def prune_reads(tenant_id: UUID, before: datetime) -> int:
    """Delete the unit's reads made before ``before``; returns how many went."""
    async with tenant_transaction(tenant_id):
        gone = await DB.fetch("delete from channel_reads where made_at < $1 returning id", before)
    return len(gone)


async def prune_all_reads(now: datetime) -> int:
    """Every unit's reads that no window or reconciliation counts any more; one unit's failure skips only it."""
    before, total = now - reads_kept(), 0
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        try:
            total += await prune_reads(row["id"], before)
        except Exception:  # its reads wait for tomorrow's run
            logger.exception("pruning the channel reads of unit %s failed", row["id"])
    return total
