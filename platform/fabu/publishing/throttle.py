"""A channel's rate limits (``ChannelLimits.rate_limits``), kept by scheduling rather than by failing.

Before the relay claims a unit's due rows of a channel, it counts the calls the unit made to that
channel in each declared window: attempts started in the window, rows claimed in it that have not
started their attempt yet (they will call soon), and reads (``status`` to reconcile or poll,
``metrics`` and ``feedback`` for the follow-up; see :mod:`fabu.publishing.reads`), since a channel's documented limits count every API call. It claims
at most what every window still allows and moves the rest to the moment the oldest counted call
leaves its window, so a long queue of one channel does not fill every relay batch. A limit applies
per unit (each unit has its own account on a channel), and a limit of one capability counts only
the calls of that capability. The windows of a channel are one budget: within one relay batch a
limit on every call is drawn on by its publish, update and retract rows together. Whoever draws on
a unit's windows (the relay, a poll) holds the unit's budget lock until commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from fabu.channels.api import Capability, RateLimit
from fabu.channels.registry import UnknownChannelError
from fabu.db.engine import DB
from fabu.publishing.actions import Action
from fabu.publishing.plugins import registry

READS: Final = {Capability.STATUS: "status", Capability.METRICS: "metrics", Capability.FEEDBACK: "feedback"}
"""The calls recorded as reads (:mod:`fabu.publishing.reads`), by their ``channel_reads.capability``."""


@dataclass
class Window:
    """One declared limit of a channel: the calls it still allows now, and when a spent one frees a call."""

    limit: RateLimit
    remaining: int
    free_at: datetime | None

    def covers(self, capability: Capability) -> bool:
        """Whether a call of ``capability`` counts against this limit."""
        return self.limit.capability is None or capability in self.limit.capability


@dataclass(frozen=True)
class Verdict:
    """Whether a call may be made now; if not, when it may (``None``: when this batch's claims leave the window)."""

    allowed: bool
    free_at: datetime | None = None


class Budget:
    """What a unit's windows on one channel still allow, drawn on call by call."""

    def __init__(self, windows: list[Window]) -> None:
        self.windows = windows

    def take(self, capability: Capability) -> Verdict:
        """Count one call of ``capability`` if every window covering it has room; else say when to try again."""
        covering = [window for window in self.windows if window.covers(capability)]
        spent = [window for window in covering if window.remaining <= 0]
        if spent:
            known = [window.free_at for window in spent if window.free_at is not None]
            return Verdict(False, max(known) if known else None)
        for window in covering:
            window.remaining -= 1
        return Verdict(True)


async def take_budget_lock() -> bool:
    """Take the current unit's budget lock for this transaction, unless someone else holds it.

    Whoever draws on the unit's windows (the relay claiming rows, a poll choosing its read) holds it
    until commit, so nobody counts the unit's calls while another's claims are not yet visible.
    """
    row = await DB.fetchrow(
        """select pg_try_advisory_xact_lock(hashtextextended('publication-budget:' || current_setting('fabu.tenant_id'), 0))
           as taken"""
    )
    return bool(row and row["taken"])


def _limits(channel: str) -> tuple[RateLimit, ...]:
    try:
        return registry().get(channel).limits.rate_limits
    except UnknownChannelError:  # the delivery will fail the row; nothing to throttle
        return ()


async def _calls_since(channel: str, since: datetime, limited: Capability | None) -> tuple[int, datetime | None]:
    """The unit's calls to ``channel`` after ``since`` (of the ``limited`` capabilities only, if given),
    and when the oldest of them was made."""
    actions = [action.value for action in Action if limited is None or action.capability in limited]
    reads = [name for capability, name in READS.items() if limited is None or capability in limited]
    row = await DB.fetchrow(
        """with calls as (
               select a.started_at as at from publication_attempts a join publication_outbox o on o.id = a.outbox_id
               where o.channel = $1 and a.started_at > $2 and o.action = any($3::text[])
               union all
               select o.claimed_at from publication_outbox o
               where o.channel = $1 and o.status = 'claimed' and o.claimed_at > $2 and o.action = any($3::text[])
                 and not exists (select 1 from publication_attempts a where a.outbox_id = o.id and a.started_at >= o.claimed_at)
               union all
               select r.made_at from channel_reads r where r.channel = $1 and r.made_at > $2 and r.capability = any($4::text[]))
           select count(*) as used, min(at) as oldest from calls""",
        channel, since, actions, reads,
    )  # fmt: skip
    assert row is not None
    return row["used"], row["oldest"]


async def budget(channel: str, now: datetime) -> Budget:
    """In the current tenant transaction: what the unit's windows on ``channel`` still allow at ``now``."""
    windows: list[Window] = []
    for limit in _limits(channel):
        length = timedelta(seconds=limit.per_seconds)
        used, oldest = await _calls_since(channel, now - length, limit.capability)
        left = max(limit.calls - used, 0)
        windows.append(Window(limit, left, (oldest or now) + length if left == 0 else None))
    return Budget(windows)
