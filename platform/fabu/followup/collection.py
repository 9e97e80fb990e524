"""Collecting a unit's follow-up: the reach and the new comments of its live publications, within rate limits.

A publication is live on a channel while its latest ledger entry there says ``published``; it is
followed for ``FABU_FOLLOWUP_DAYS`` after it first went up there. Each collection asks the
channel's ``metrics`` (a new row each time, so reach has a history) and its ``feedback`` since the
newest comment already kept (a comment is kept once, by the channel's id). Each call is a read the
channel's rate limits count (:mod:`fabu.publishing.reads`): when a window is spent, the call waits
for the next run. A refusal of the unit's credentials pauses the channel, as a delivery's would;
any other failure skips that call until the next run. Switched-off and paused channels are skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final
from uuid import UUID

from fabu.channels.api import (
    AuthExpiredError,
    Capability,
    ChannelPlugin,
    FeedbackItem,
    Metrics,
    PublicationRef,
)
from fabu.channels.secrets import KeyRing, SecretsError
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.publishing import _json
from fabu.publishing.calls import Channels, channel_context
from fabu.publishing.installations import channel_config, configured_at
from fabu.publishing.pausing import pause_channel
from fabu.publishing.plugins import plugin
from fabu.publishing.reads import take_read

logger = logging.getLogger(__name__)

_FOLLOWED = Capability.METRICS | Capability.FEEDBACK

BUDGET_TRIES: Final = 10
BUDGET_WAIT: Final = 0.2
"""Seconds between tries while another (the relay, a poll) holds the unit's budget for a moment."""


@dataclass
class CollectionRun:
    """What one unit's collection did."""

    tenant_id: UUID
    followed: int = 0
    """Live publications on channels that report metrics or feedback."""
    metrics: int = 0
    """Counter readings kept."""
    comments: int = 0
    """New comments kept."""
    throttled: int = 0
    """Calls left for the next run because a rate-limit window was spent."""
    failed: list[str] = field(default_factory=list)
    """Calls that failed, as ``channel: message``."""
    paused: set[str] = field(default_factory=set)
    """Channels that refused the unit's credentials during the run (and were paused)."""


async def collect_tenant(channels: Channels, ring: KeyRing, tenant_id: UUID, now: datetime, days: int) -> CollectionRun:
    """Collect the reach and new comments of the unit's publications that went up in the last ``days`` days."""
    run = CollectionRun(tenant_id)
    async with tenant_transaction(tenant_id):
        live = await _live_publications(now - timedelta(days=days))
    for entry in live:
        try:
            found = plugin(entry["channel"])
        except FabuError:  # the plugin is gone from this server: nothing to ask
            continue
        if not found.capabilities & _FOLLOWED:
            continue
        run.followed += 1
        for capability in (Capability.METRICS, Capability.FEEDBACK):
            # A channel that refused the unit's credentials during this run is paused: asked no more.
            if capability in found.capabilities and entry["channel"] not in run.paused:
                await _collect(channels, ring, tenant_id, found, entry, capability, now, run)
    return run


async def collect_all(channels: Channels, ring: KeyRing, now: datetime, days: int) -> list[CollectionRun]:
    """Every unit in turn; one unit's trouble does not hold back the others."""
    runs = []
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        try:
            runs.append(await collect_tenant(channels, ring, row["id"], now, days))
        except Exception:
            logger.exception("collecting the follow-up of unit %s failed", row["id"])
    return runs


async def _live_publications(since: datetime) -> list[dict[str, Any]]:
    """Each (release, channel) whose latest ledger entry says ``published`` and that first went up after ``since``,
    on an installation that is switched on and not paused."""
    # The latest entry among the deliveries' own: a notice for a person (no outbox row) or a posting
    # photo after it says nothing about whether the publication is still up.
    return await DB.fetch(
        """with recent as (
               select distinct on (release_id, channel) * from publication_ledger
               where recorded_at >= $1 and outbox_id is not null and state not in ('posted', 'removed')
               order by release_id, channel, recorded_at desc, id desc)
           select r.* from recent r
           join channel_installations i on i.channel = r.channel and i.enabled and i.paused_at is null
           where r.state = 'published'
             and not exists (
                 select 1 from publication_ledger older
                 where older.release_id = r.release_id and older.channel = r.channel
                   and older.state = 'published' and older.recorded_at < $1)
           order by r.recorded_at""",
        since,
    )


async def _collect(
    channels: Channels, ring: KeyRing, tenant_id: UUID, found: ChannelPlugin[Any], entry: Mapping[str, Any],
    capability: Capability, now: datetime, run: CollectionRun,
) -> None:
    """One ``metrics`` or ``feedback`` call, if the channel's windows allow it, and what it reported, kept."""
    channel = entry["channel"]
    async with tenant_transaction(tenant_id):
        try:
            config = await channel_config(tenant_id, ring, channel)
            config_time = await configured_at(channel)
        except (FabuError, SecretsError) as error:  # uninstalled meanwhile, or its key left the ring
            run.failed.append(f"{channel}: {error}")
            return
        since = await _newest_comment(entry["release_id"], channel) if capability is Capability.FEEDBACK else None
    if not await _read_allowed(tenant_id, channel, entry["outbox_id"], now, capability):
        run.throttled += 1
        return
    ref = PublicationRef(
        release_id=entry["release_id"], tenant_id=tenant_id, title=entry["title"],
        external_ids=_json.loads(entry["external_ids"]), url=entry["url"],
    )  # fmt: skip
    try:
        async with channel_context(channels, found, config, tenant_id) as ctx:
            reported = await (found.metrics(ctx, ref) if capability is Capability.METRICS else found.feedback(ctx, ref, since))
        async with tenant_transaction(tenant_id):
            await _keep(tenant_id, entry, reported, now, run)
    except AuthExpiredError as error:
        async with tenant_transaction(tenant_id):
            if await pause_channel(tenant_id, channel, error.message, now, config_time):
                run.paused.add(channel)
        run.failed.append(f"{channel}: {error.message}")
    except Exception as error:  # a channel's trouble, or a report breaking the records' rules: try again next run
        logger.warning("follow-up %s of release %s on %s failed: %s", capability.name, entry["release_id"], channel, error)
        run.failed.append(f"{channel}: {error}")


async def _read_allowed(tenant_id: UUID, channel: str, outbox_id: UUID, now: datetime, capability: Capability) -> bool:
    """Whether the channel's windows allow the read now (it is then counted). A unit's budget taken for a moment
    by the relay is waited for, a little: only a spent window puts the read off to the next run."""
    for _ in range(BUDGET_TRIES):
        async with tenant_transaction(tenant_id):
            verdict = await take_read(tenant_id, channel, outbox_id, now, capability)
        if verdict.allowed or verdict.free_at is not None:
            return verdict.allowed
        await asyncio.sleep(BUDGET_WAIT)
    return False


async def _newest_comment(release_id: UUID, channel: str) -> datetime | None:
    """From when to ask for comments: the newest kept, less a second, since channels count in whole seconds
    (comments of that second are asked again; those kept already are kept once)."""
    row = await DB.fetchrow(
        "select max(created_at) as newest from public_comments where release_id = $1 and channel = $2", release_id, channel
    )
    newest: datetime | None = row["newest"] if row else None
    return newest - timedelta(seconds=1) if newest else None


async def _keep(
    tenant_id: UUID, entry: Mapping[str, Any], reported: Metrics | list[FeedbackItem], now: datetime, run: CollectionRun
) -> None:
    release_id, channel = entry["release_id"], entry["channel"]
    if isinstance(reported, Metrics):
        await DB.fetch(
            """insert into publication_metrics (tenant_id, release_id, channel, measured_at, collected_at,
                   views, likes, shares, comments, extra)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
            tenant_id, release_id, channel, reported.measured_at, now, reported.views, reported.likes, reported.shares,
            reported.comments, _json.dumps(reported.extra),
        )  # fmt: skip
        run.metrics += 1
        return
    for item in reported:
        kept = await DB.fetch(
            """insert into public_comments (tenant_id, release_id, channel, external_id, author, text, created_at,
                   reply_to, collected_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
               on conflict (tenant_id, release_id, channel, external_id) do nothing returning id""",
            tenant_id, release_id, channel, item.external_id, item.author, item.text, item.created_at, item.reply_to, now,
        )  # fmt: skip
        run.comments += len(kept)
