"""The archive's daily work for every unit: package the releases that are due, re-check packages for fixity.

A release is due ``FABU_ARCHIVE_AFTER_DAYS`` after it was first published (by then the follow-up
has collected its reach and comments) and is packaged once by this job; a person may package it
again at any time. Packages are re-read every ``FABU_ARCHIVE_FIXITY_DAYS``. Each release and each
package is one transaction of its own, so one failure holds back nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

from fabu import audit
from fabu.archive.packages import archive_release, check_fixity
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.storage import ObjectStore, TenantObjects

logger = logging.getLogger(__name__)

BATCH: Final = 50
"""Releases packaged, or packages checked, per unit in one run; the rest wait for the next day."""

MADE_BY: Final = "系统（到期自动归档）/ system (archived when due)"


@dataclass
class ArchiveRun:
    """What one unit's run did."""

    tenant_id: UUID
    archived: list[UUID] = field(default_factory=list)
    checked: int = 0
    damaged: list[UUID] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


async def archive_due(store: ObjectStore, tenant_id: UUID, now: datetime, after: timedelta) -> ArchiveRun:
    """Package the unit's releases first published more than ``after`` ago and never packaged."""
    run = ArchiveRun(tenant_id)
    async with tenant_transaction(tenant_id):
        due = await DB.fetch(
            """select l.release_id from publication_ledger l
               where l.state = 'published'
                 and not exists (select 1 from release_archives a where a.release_id = l.release_id)
               group by l.release_id having min(l.recorded_at) <= $1
               order by min(l.recorded_at) limit $2""",
            now - after, BATCH,
        )  # fmt: skip
    for row in due:
        try:
            async with tenant_transaction(tenant_id):
                package = await archive_release(TenantObjects(store, tenant_id), row["release_id"], MADE_BY, now)
                await audit.record(
                    tenant_id, audit.SYSTEM, "archive.archive_release", "Release", str(row["release_id"]), {"sha256": package["sha256"]}
                )
            run.archived.append(row["release_id"])
        except Exception as error:  # this release waits for tomorrow; the others go on
            logger.exception("archiving release %s of unit %s failed", row["release_id"], tenant_id)
            run.failed.append(f"{row['release_id']}: {error}")
    return run


async def check_due(store: ObjectStore, tenant_id: UUID, now: datetime, every: timedelta) -> ArchiveRun:
    """Re-check the unit's packages not checked within ``every``, the longest unchecked first."""
    run = ArchiveRun(tenant_id)
    async with tenant_transaction(tenant_id):
        due = await DB.fetch(
            """select a.*, (select max(c.checked_at) from archive_fixity_checks c where c.archive_id = a.id) as last_checked
               from release_archives a
               where coalesce((select max(c.checked_at) from archive_fixity_checks c where c.archive_id = a.id), a.created_at) <= $1
               order by last_checked nulls first, a.created_at limit $2""",
            now - every, BATCH,
        )  # fmt: skip
    for archive in due:
        try:
            async with tenant_transaction(tenant_id):
                result = await check_fixity(TenantObjects(store, tenant_id), archive, now)
            run.checked += 1
            if not result.intact:
                run.damaged.append(archive["id"])
        except Exception as error:  # e.g. the store is down: checked again tomorrow
            logger.exception("checking archive %s of unit %s failed", archive["id"], tenant_id)
            run.failed.append(f"{archive['id']}: {error}")
    return run


Step = Callable[[ObjectStore, UUID, datetime, timedelta], Awaitable[ArchiveRun]]
"""``archive_due`` or ``check_due``."""


async def for_every_unit(step: Step, store: ObjectStore, now: datetime, period: timedelta) -> list[ArchiveRun]:
    """Run ``step`` for each unit in turn; one unit's trouble does not hold back the others."""
    runs = []
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        try:
            runs.append(await step(store, row["id"], now, period))
        except Exception:
            logger.exception("the archive's run for unit %s failed", row["id"])
    return runs
