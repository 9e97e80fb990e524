"""Publishing jobs: the relay (cron, every ten seconds), the delivery of one outbox row, the
polling of pending receipts (cron, every minute) and the pruning of old channel reads (cron, daily).

Arguments are plain strings (jobs travel as JSON). The delivery keeps no result (``keep_result=0``),
so once it has run, the outbox id is free to be enqueued again as a job id (a retry later on).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from arq import cron
from arq.worker import func

from fabu.channels.context import utc_now
from fabu.publishing.calls import channels_of
from fabu.publishing.delivery import deliver
from fabu.publishing.plugins import key_ring
from fabu.publishing.polling import poll_all
from fabu.publishing.polling_rules import PollingRules
from fabu.publishing.posting import jobs as posting_jobs
from fabu.publishing.reads import prune_all_reads
from fabu.publishing.relay import DELIVER_JOB, relay_all
from fabu.services import Services


async def deliver_publication(ctx: dict[str, Any], tenant_id: str, outbox_id: str) -> str:
    """Deliver one outbox row (see :mod:`fabu.publishing.delivery`)."""
    services: Services = ctx["services"]
    return await deliver(
        channels_of(services), key_ring(services.settings), UUID(tenant_id), UUID(outbox_id),
        polling=PollingRules.from_settings(services.settings),
    )  # fmt: skip


async def relay_publications(ctx: dict[str, Any]) -> int:
    """Hand every unit's due outbox rows, and stalled claims, to delivery jobs."""
    services: Services = ctx["services"]
    return await relay_all(services.queue, utc_now())


async def poll_pending_publications(ctx: dict[str, Any]) -> int:
    """Ask the channels about every unit's publications still pending in their review (see :mod:`fabu.publishing.polling`)."""
    services: Services = ctx["services"]
    rules = PollingRules.from_settings(services.settings)
    return await poll_all(channels_of(services), key_ring(services.settings), utc_now(), rules)


async def prune_channel_reads(ctx: dict[str, Any]) -> int:
    """Delete the status reads no rate window counts any more (see :mod:`fabu.publishing.reads`)."""
    return await prune_all_reads(utc_now())


JOBS: list[Any] = [
    func(deliver_publication, name=DELIVER_JOB, keep_result=0), relay_publications, poll_pending_publications,
    prune_channel_reads, *posting_jobs.JOBS,
]  # fmt: skip
CRON: list[Any] = [
    cron(relay_publications, second={0, 10, 20, 30, 40, 50}, run_at_startup=True, unique=True, keep_result=0),
    cron(poll_pending_publications, second={5}, unique=True, keep_result=0),
    cron(prune_channel_reads, hour={19}, minute={15}, unique=True, keep_result=0),  # 03:15 China time, a quiet hour
    *posting_jobs.CRON,
]
