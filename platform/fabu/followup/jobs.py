"""Follow-up jobs: the daily collection of every unit's reach and comments (01:30 UTC, 09:30 China time,
when a morning's readers have come and the day's publishing has not yet begun)."""

from __future__ import annotations

from typing import Any

from arq import cron

from fabu.channels.context import utc_now
from fabu.followup.collection import collect_all
from fabu.publishing.calls import channels_of
from fabu.publishing.plugins import key_ring
from fabu.services import Services


async def collect_followup(ctx: dict[str, Any]) -> int:
    """Collect every unit's follow-up; returns how many readings and comments were kept."""
    services: Services = ctx["services"]
    runs = await collect_all(channels_of(services), key_ring(services.settings), utc_now(), services.settings.followup_days)
    return sum(run.metrics + run.comments for run in runs)


JOBS: list[Any] = [collect_followup]
CRON: list[Any] = [cron(collect_followup, hour={1}, minute={30}, unique=True, keep_result=0)]
