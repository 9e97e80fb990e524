"""The relay: claims due outbox rows (``FOR UPDATE SKIP LOCKED``) and hands each to an arq job.

The job id is the outbox id, so a row enqueued twice (two relays, a re-enqueued stall) runs once
while its job exists. The database holds the truth: a row is ``claimed`` before its job is
enqueued, and the reconciler re-enqueues claimed rows whose job stalled or vanished (arq is
at-least-once, and a job that times out is not retried).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Final, Protocol
from uuid import UUID

from fabu.channels.api import Capability
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.actions import Action
from fabu.publishing.throttle import Budget, budget, take_budget_lock

logger = logging.getLogger(__name__)

DELIVER_JOB: Final = "deliver_publication"
"""The name of the arq job that delivers one outbox row."""

STALL_AFTER: Final = timedelta(minutes=5)
"""A claimed row whose job has not finished after this long is handed out again."""

BATCH: Final = 50
"""Rows one claim takes at most (one transaction, one lock on each)."""

MAX_BATCHES: Final = 20
"""Claims per unit in one relay run while each comes back full: a unit with a backlog gets up to
1,000 rows every ten-second tick instead of 50, and one unit's backlog still cannot hold up the
others for long."""


class JobQueue(Protocol):
    """The part of ``arq.ArqRedis`` the relay uses."""

    async def enqueue_job(self, function: str, *args: Any, _job_id: str | None = None) -> Any: ...


async def claim_due(now: datetime, *, stall_after: timedelta = STALL_AFTER) -> list[UUID]:
    """In the current tenant transaction: claim the pending rows that are due, and the stalled claims.

    A rank-1 row (a channel linking to the portal) is due only once the rank-0 publish or update row
    of the same release version is no longer on its way: delivered, or cancelled (the row's own check
    then decides); a portal row that failed took the rows waiting on it along
    (:mod:`fabu.publishing.linked`). Retractions are not held back: a takedown is urgent everywhere.

    A row waits while another row of its release and channel is claimed (a retraction or correction
    after a publish still in flight). Rows of a paused installation wait (stalled claims included:
    reconciling them needs the credentials too), and so do the publish and update rows of a channel
    the unit's admin switched off (a takedown still goes out: switching a channel off is no reason to
    leave a retracted release up). No channel gets more rows than its rate limits allow
    (:mod:`fabu.publishing.throttle`); the rest wait for the window to free.

    One relay at a time per unit: a second one (a slow run overlapping the next tick, two workers),
    or one meeting a poll choosing its read, finds the unit's budget taken and claims nothing.
    Without that, it would lock the due rows the first did not reach, count the unit's calls without
    the first one's claims (not committed yet), and together they would exceed the channel's limits
    and the one-row-in-flight rule.
    """
    if not await take_budget_lock():
        return []
    candidates = await DB.fetch(
        """select o.id, o.channel, o.action,
                  exists (select 1 from publication_attempts last_ where last_.outbox_id = o.id
                          and last_.number = o.attempts and coalesce(last_.outcome, 'unknown') = 'unknown') as reconciling
           from publication_outbox o
           where o.status = 'pending' and o.not_before <= $1
             and not exists (
                 select 1 from channel_installations held
                 where held.channel = o.channel and (held.paused_at is not null or (not held.enabled and o.action <> 'retract')))
             and not exists (
                 select 1 from publication_outbox busy
                 where busy.release_id = o.release_id and busy.channel = o.channel and busy.status = 'claimed')
             and (o.order_rank = 0 or not exists (
                 select 1 from publication_outbox first_
                 where first_.release_id = o.release_id and first_.version_number = o.version_number
                   and first_.action <> 'retract' and first_.order_rank < o.order_rank
                   and first_.status in ('pending', 'claimed')))
           order by o.not_before, o.order_rank, o.created_at
           limit $2
           for update of o skip locked""",
        now, BATCH,
    )
    chosen = await _within_rate_limits(candidates, now)
    due = await DB.fetch(
        """update publication_outbox set status = 'claimed', claimed_at = $1, updated_at = now()
           where id = any($2::uuid[]) returning id""",
        now, chosen,
    )
    stalled = await DB.fetch(
        """update publication_outbox set claimed_at = $1, updated_at = now()
           where id in (
               select o.id from publication_outbox o where o.status = 'claimed' and o.claimed_at < $2
                 and not exists (
                     select 1 from channel_installations paused
                     where paused.channel = o.channel and paused.paused_at is not null)
               order by o.claimed_at limit $3 for update skip locked)
           returning id""",
        now, now - stall_after, BATCH,
    )
    claimed = {row["id"] for row in due}
    return [outbox_id for outbox_id in chosen if outbox_id in claimed] + [row["id"] for row in stalled]


async def _within_rate_limits(candidates: list[dict[str, Any]], now: datetime) -> list[UUID]:
    """The candidates each channel's budget allows, in order; the others move to when their window frees.

    One budget per channel for the whole batch: a limit on every call is shared by its publish,
    update and retract rows.
    """
    budgets: dict[str, Budget] = {}
    chosen: list[UUID] = []
    for row in candidates:
        channel = row["channel"]
        if channel not in budgets:
            budgets[channel] = await budget(channel, now)
        # A row whose last call has an unknown outcome makes a status read next, not its call again.
        capability = Capability.STATUS if row["reconciling"] else Action(row["action"]).capability
        verdict = budgets[channel].take(capability)
        if verdict.allowed:
            chosen.append(row["id"])
        elif verdict.free_at is not None:
            await DB.fetch(
                "update publication_outbox set not_before = $2, updated_at = now() where id = $1", row["id"], verdict.free_at
            )
        # else: spent by this very batch; the next run, counting these claims, knows when the window frees
    return chosen


async def relay_tenant(queue: JobQueue, tenant_id: UUID, now: datetime, *, stall_after: timedelta = STALL_AFTER) -> list[UUID]:
    """Claim the unit's due rows, commit, then enqueue one delivery job per row."""
    async with tenant_transaction(tenant_id):
        claimed = await claim_due(now, stall_after=stall_after)
    # Enqueued after the commit: a job never finds its row unclaimed. If this process dies between
    # the commit and the enqueue, the reconciler hands the claim out again after ``stall_after``.
    for outbox_id in claimed:
        await queue.enqueue_job(DELIVER_JOB, str(tenant_id), str(outbox_id), _job_id=str(outbox_id))
    return claimed


async def relay_all(queue: JobQueue, now: datetime, *, stall_after: timedelta = STALL_AFTER) -> int:
    """Relay every unit in turn; returns how many rows were handed to jobs."""
    total = 0
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        try:
            for _ in range(MAX_BATCHES):
                claimed = await relay_tenant(queue, row["id"], now, stall_after=stall_after)
                total += len(claimed)
                if len(claimed) < BATCH:
                    break
        except Exception:  # one unit's trouble must not hold back the others; its rows wait for the next run
            logger.exception("relaying the outbox of unit %s failed", row["id"])
    return total
