"""A channel's rate limits (``ChannelLimits.rate_limits``), kept by scheduling rather than by failing.

Before the relay claims a unit's due rows of a channel, it counts the calls the unit made to that
channel in each declared window: attempts started in the window, and rows claimed in it that have
not started their attempt yet (they will call soon). It claims at most what every window still
allows and moves the rest to the moment the oldest counted call leaves its window, so a long queue
of one channel does not fill every relay batch. A limit applies per unit (each unit has its own
account on a channel), and a limit of one capability counts only the rows of the matching action.
``status`` reads (reconciling, polling) are few and are not counted; within one relay batch, the
publish, update and retract rows of a channel draw on separate counts of a limit they share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fabu.channels.api import Capability, RateLimit
from fabu.channels.registry import UnknownChannelError
from fabu.db.engine import DB
from fabu.publishing.actions import Action
from fabu.publishing.plugins import registry


@dataclass(frozen=True)
class Budget:
    """How many more calls a channel takes now (``None``: no limit), and when a spent budget frees a call."""

    remaining: int | None
    free_at: datetime | None = None


UNLIMITED = Budget(None)


def _limits(channel: str, capability: Capability) -> tuple[RateLimit, ...]:
    try:
        declared = registry().get(channel).limits.rate_limits
    except UnknownChannelError:  # the delivery will fail the row; nothing to throttle
        return ()
    return tuple(limit for limit in declared if limit.capability is None or capability in limit.capability)


async def _calls_since(channel: str, since: datetime, limited: Capability | None) -> tuple[int, datetime | None]:
    """The unit's calls to ``channel`` after ``since`` (of the ``limited`` capabilities only, if given),
    and when the oldest of them was made."""
    actions = [action.value for action in Action if limited is None or action.capability in limited]
    row = await DB.fetchrow(
        """with calls as (
               select a.started_at as at from publication_attempts a join publication_outbox o on o.id = a.outbox_id
               where o.channel = $1 and a.started_at > $2 and o.action = any($3::text[])
               union all
               select o.claimed_at from publication_outbox o
               where o.channel = $1 and o.status = 'claimed' and o.claimed_at > $2 and o.action = any($3::text[])
                 and not exists (select 1 from publication_attempts a where a.outbox_id = o.id and a.started_at >= o.claimed_at))
           select count(*) as used, min(at) as oldest from calls""",
        channel, since, actions,
    )  # fmt: skip
    assert row is not None
    return row["used"], row["oldest"]


async def budget(channel: str, now: datetime, capability: Capability = Capability.PUBLISH) -> Budget:
    """In the current tenant transaction: what the unit's windows on ``channel`` still allow at ``now``."""
    limits = _limits(channel, capability)
    if not limits:
        return UNLIMITED
    remaining: int | None = None
    free_at: datetime | None = None
    for limit in limits:
        window = timedelta(seconds=limit.per_seconds)
        used, oldest = await _calls_since(channel, now - window, limit.capability)
        left = max(limit.calls - used, 0)
        remaining = left if remaining is None else min(remaining, left)
        if left == 0:
            frees = (oldest or now) + window
            free_at = frees if free_at is None else max(free_at, frees)
    return Budget(remaining, free_at)
