"""Archive jobs: package what is due (02:00 UTC, 10:00 China time) and re-check packages (03:00 UTC)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from arq import cron

from fabu.archive.schedule import archive_due, check_due, for_every_unit
from fabu.channels.context import utc_now
from fabu.services import Services


async def archive_due_releases(ctx: dict[str, Any]) -> int:
    """Package every unit's releases that are due; returns how many were packaged."""
    services: Services = ctx["services"]
    days = timedelta(days=services.settings.archive_after_days)
    return sum(len(run.archived) for run in await for_every_unit(archive_due, services.store, utc_now(), days))


async def check_archive_fixity(ctx: dict[str, Any]) -> int:
    """Re-check every unit's packages that are due; returns how many were found damaged."""
    services: Services = ctx["services"]
    days = timedelta(days=services.settings.archive_fixity_days)
    return sum(len(run.damaged) for run in await for_every_unit(check_due, services.store, utc_now(), days))


JOBS: list[Any] = [archive_due_releases, check_archive_fixity]
CRON: list[Any] = [
    cron(archive_due_releases, hour={2}, minute={0}, unique=True, keep_result=0),
    cron(check_archive_fixity, hour={3}, minute={0}, unique=True, keep_result=0),
]
