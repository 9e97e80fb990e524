"""Posting jobs: the daily upkeep of the channels that declare it, for every unit.

It runs at 00:05 UTC, 08:05 China time: the screens show the new day's notices and the reminders
reach the publishers as their working day starts. ``fabu.publishing.jobs`` adds ``JOBS`` and
``CRON`` to its own lists, which the worker collects.
"""

from __future__ import annotations

from typing import Any

from arq import cron

from fabu.publishing.calls import channels_of
from fabu.publishing.plugins import key_ring
from fabu.publishing.posting.upkeep import upkeep_all
from fabu.services import Services


async def channel_upkeep(ctx: dict[str, Any]) -> int:
    """Run every unit's channel upkeep; returns how many reminders were new (and told)."""
    services: Services = ctx["services"]
    runs = await upkeep_all(channels_of(services), key_ring(services.settings))
    return sum(run.told for run in runs)


JOBS: list[Any] = [channel_upkeep]
CRON: list[Any] = [cron(channel_upkeep, hour={0}, minute={5}, unique=True, keep_result=0)]
