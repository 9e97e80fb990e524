"""Polling the publications a channel left ``pending`` (its own review, no callback) until they settle.

A delivery whose receipt is ``pending`` leaves its outbox row ``delivered`` with ``poll_after`` set.
The cron job asks the channel's ``status`` for each due row, backing off from a minute to an hour
between polls. A new state is appended to the ledger as a follow-up entry
(:func:`~fabu.publishing.followups.record_status_change`, the same as a callback's), and polling
stops; so it does when a callback settled the publication first. A publication still pending after
``PollingRules.max_age`` (a setting) is flagged for a person, and the publishers are told. A rejection (``failed``)
is told to the publishers in the channel's words. A paused channel is not polled until resumed. Each
poll is a call the channel's rate limits count (:mod:`fabu.publishing.reads`): when a window is
spent, the poll waits for it to free.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final
from uuid import UUID

from fabu.channels.api import Capability, PublicationRef, PublicationState, StatusReport
from fabu.channels.secrets import KeyRing, SecretsError
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.publishing import _json
from fabu.publishing.calls import CallResult, Channels, read_status
from fabu.publishing.followups import record_status_change
from fabu.publishing.installations import channel_config, configured_at
from fabu.publishing.notices import tell_publishers
from fabu.publishing.pausing import pause_channel
from fabu.publishing.plugins import plugin
from fabu.publishing.polling_rules import DEFAULT_POLLING, PollingRules
from fabu.publishing.reads import take_read

logger = logging.getLogger(__name__)

LEASE: Final = timedelta(minutes=5)
"""A row taken by a poller is not taken by another for this long (the poller may die mid-call)."""
BATCH: Final = 50

_STILL_OPEN = frozenset({PublicationState.PENDING, PublicationState.UNKNOWN})


def poll_interval(polls: int, rules: PollingRules = DEFAULT_POLLING) -> timedelta:
    """The wait after the ``polls``-th poll (see :meth:`PollingRules.interval`)."""
    return rules.interval(polls)


async def poll_tenant(
    channels: Channels, ring: KeyRing, tenant_id: UUID, now: datetime, rules: PollingRules = DEFAULT_POLLING
) -> list[str]:
    """Poll the unit's due pending publications; returns what became of each."""
    async with tenant_transaction(tenant_id):
        due = await DB.fetch(
            """update publication_outbox set poll_after = $1::timestamptz + $3::interval, updated_at = now()
               where id in (
                   select o.id from publication_outbox o
                   where o.poll_after <= $1 and not exists (
                       select 1 from channel_installations paused
                       where paused.channel = o.channel and paused.paused_at is not null)
                   order by o.poll_after limit $2 for update skip locked)
               returning *""",
            now, BATCH, LEASE,
        )  # fmt: skip
    outcomes: list[str] = []
    for row in due:
        try:
            outcomes.append(await _poll(channels, ring, tenant_id, row, now, rules))
        except Exception:  # e.g. a plugin answering outside its contract: the other rows and units go on
            logger.exception("polling outbox row %s of unit %s failed; it is asked again after the lease", row["id"], tenant_id)
            outcomes.append("error")
    return outcomes


async def poll_all(channels: Channels, ring: KeyRing, now: datetime, rules: PollingRules = DEFAULT_POLLING) -> int:
    """Poll every unit in turn; returns how many publications were looked at."""
    total = 0
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        total += len(await poll_tenant(channels, ring, row["id"], now, rules))
    return total


async def _poll(
    channels: Channels, ring: KeyRing, tenant_id: UUID, outbox: Mapping[str, Any], now: datetime, rules: PollingRules
) -> str:
    async with tenant_transaction(tenant_id):
        prepared = await _prepare(ring, tenant_id, outbox, now, rules)
    if isinstance(prepared, str):
        return prepared
    found, config, config_time, ref = prepared
    result = await read_status(channels, found, config, tenant_id, ref)
    async with tenant_transaction(tenant_id):
        return await _record(tenant_id, outbox, ref, result, now, config_time, rules)


async def _prepare(
    ring: KeyRing, tenant_id: UUID, outbox: Mapping[str, Any], now: datetime, rules: PollingRules
) -> tuple[Any, Any, datetime, PublicationRef] | str:
    latest = await DB.fetchrow(
        """select * from publication_ledger where release_id = $1 and channel = $2 and outbox_id = $3
           order by recorded_at desc, id desc limit 1""",
        outbox["release_id"], outbox["channel"], outbox["id"],
    )  # fmt: skip
    if latest is None or latest["state"] != PublicationState.PENDING.value:
        await _stop(outbox["id"])  # settled meanwhile, e.g. by a callback
        return "settled"
    first = await DB.fetchrow(
        """select min(recorded_at) as since from publication_ledger
           where release_id = $1 and outbox_id = $2 and state = 'pending'""",
        outbox["release_id"], outbox["id"],
    )  # fmt: skip
    assert first is not None
    since = first["since"]
    ids = _json.loads(latest["external_ids"])
    if now - since > rules.max_age:
        days = rules.max_age.days
        return await _flag(tenant_id, outbox, f"渠道超过 {days} 天仍未给出结果，请人工核实 / still pending after {days} days")
    try:
        found = plugin(outbox["channel"])
        config = await channel_config(tenant_id, ring, outbox["channel"])
        config_time = await configured_at(outbox["channel"])
    except (FabuError, SecretsError):  # the plugin or the config is gone for now; a person may restore it
        await _next(outbox, now, rules)
        return "retry"
    if Capability.STATUS not in found.capabilities or not ids:
        return await _flag(tenant_id, outbox, "渠道无法查询审核结果，请人工核实 / the channel cannot report the outcome")
    ref = PublicationRef(
        release_id=outbox["release_id"], tenant_id=tenant_id, title=latest["title"], external_ids=ids, url=latest["url"]
    )
    verdict = await take_read(tenant_id, outbox["channel"], outbox["id"], now)
    if not verdict.allowed:  # the channel's rate limits count reads too: wait for the window, do not call
        await _wait_until(outbox["id"], verdict.free_at or now + rules.first)
        return "throttled"
    return found, config, config_time, ref


async def _record(
    tenant_id: UUID, outbox: Mapping[str, Any], ref: PublicationRef, result: StatusReport | CallResult, now: datetime,
    config_time: datetime, rules: PollingRules,
) -> str:
    if isinstance(result, CallResult):
        if result.outcome == "auth_expired":
            await pause_channel(tenant_id, outbox["channel"], result.message or "", now, config_time)
        await _next(outbox, now, rules)
        return "retry"
    if result.state in _STILL_OPEN:
        await _next(outbox, now, rules, polled=True)
        return "pending"
    await record_status_change(tenant_id, outbox["channel"], ref.external_ids, result, "poll")
    await _stop(outbox["id"])
    if result.state is PublicationState.FAILED:
        await tell_publishers(tenant_id, outbox, "failed", result.message or result.state.value, ref.title)
    return result.state.value


async def _next(outbox: Mapping[str, Any], now: datetime, rules: PollingRules, *, polled: bool = False) -> None:
    polls = outbox["polls"] + (1 if polled else 0)
    await DB.fetch(
        "update publication_outbox set polls = $2, poll_after = $3, updated_at = now() where id = $1",
        outbox["id"], polls, now + rules.interval(polls),
    )  # fmt: skip


async def _wait_until(outbox_id: UUID, at: datetime) -> None:
    await DB.fetch("update publication_outbox set poll_after = $2, updated_at = now() where id = $1", outbox_id, at)


async def _stop(outbox_id: UUID) -> None:
    await DB.fetch("update publication_outbox set poll_after = null, updated_at = now() where id = $1", outbox_id)


async def _flag(tenant_id: UUID, outbox: Mapping[str, Any], message: str) -> str:
    await DB.fetch(
        "update publication_outbox set status = 'flagged', poll_after = null, last_error = $2, updated_at = now() where id = $1",
        outbox["id"], message,
    )  # fmt: skip
    await tell_publishers(tenant_id, outbox, "flagged", message, None)
    return "flagged"
