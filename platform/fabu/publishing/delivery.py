"""Deliver one outbox row — a publish, an update or a retraction: record the attempt, call the channel, record what happened.

Three steps, the middle one outside any transaction (a channel may take seconds to answer):

1. Lock the row. If it is not ``claimed`` (already delivered, or handed out twice), do nothing; if
   its channel was paused or switched off meanwhile, put it back to waiting. If its last attempt has
   no outcome, or an unknown one, the call may have taken effect: go to reconciliation. Otherwise check the row is still wanted and what it does
   (:mod:`~fabu.publishing.readiness`), and insert the attempt row (``started_at``) — *before* the call.
2. Call ``publish``, ``update`` or ``retract`` — or, to reconcile, ``status`` (never repeat a call
   while unsure whether it made a publication; a status that cannot be read in ``MAX_STATUS_READS``
   tries leaves the row flagged for a person).
3. Record the attempt's outcome and move the row on: delivered (and a ledger entry), back to
   pending with a back-off, failed or flagged (and the publishers are told). Credentials the
   channel refused pause the installation and put the row back to waiting (:mod:`~fabu.publishing.pausing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from uuid import UUID

from fabu.channels.api import Capability, ChannelConfig, ChannelPlugin, PublicationRef, ReleaseSnapshot, Severity
from fabu.channels.secrets import KeyRing, SecretsError
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.publishing import _json
from fabu.publishing.actions import Action
from fabu.publishing.calls import CallResult, Channels, call_action, call_status
from fabu.publishing.installations import channel_config, configured_at
from fabu.publishing.ledger import record_publication
from fabu.publishing.linked import give_up_linked
from fabu.publishing.notices import tell_publishers
from fabu.publishing.pausing import pause_channel
from fabu.publishing.plugins import plugin
from fabu.publishing.polling_rules import DEFAULT_POLLING, PollingRules
from fabu.publishing.readiness import decide, target_of
from fabu.publishing.reads import note_read, reads_since
from fabu.publishing.relay import STALL_AFTER
from fabu.publishing.snapshot import build_snapshot

MAX_ATTEMPTS: Final = 6
"""Retryable failures after which a row is given up as failed."""
NOT_FOUND_SETTLES: Final = timedelta(minutes=2)
"""How long after a call of unknown outcome the channel's "not found" is believed: a channel may
still be processing a request its client gave up on, and publishing again then would post twice."""
MAX_STATUS_READS: Final = 8
"""Failed ``status`` reads of an unknown outcome (30 s doubling: about two hours) after which it is flagged for a person."""

_DELIVERED = frozenset({"published", "pending", "retracted"})
_REPEAT = frozenset({"retryable", "still_up"})
"""Outcomes after which the same call is made again later (bounded by ``MAX_ATTEMPTS``)."""


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """How long to wait before the next try: what the channel asked, else 30 s doubling up to an hour."""
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 1.0))
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


@dataclass(frozen=True)
class _Work:
    outbox: Mapping[str, Any]
    attempt: Mapping[str, Any]
    plugin: ChannelPlugin[Any]
    config: ChannelConfig
    configured_at: datetime
    """When the installation's settings last changed before ``config`` was read."""
    release: ReleaseSnapshot
    reconcile: bool
    action: Action = Action.PUBLISH
    ref: PublicationRef | None = None


async def deliver(
    channels: Channels, ring: KeyRing, tenant_id: UUID, outbox_id: UUID, *, polling: PollingRules = DEFAULT_POLLING
) -> str:
    """Deliver the row ``outbox_id``; returns its status afterwards (``skipped`` when there was nothing to do).

    ``polling`` says when a receipt left pending is first polled.
    """
    async with tenant_transaction(tenant_id):
        work = await _prepare(channels, ring, tenant_id, outbox_id)
    if isinstance(work, str):
        return work
    if work.reconcile:
        return await _reconcile(channels, tenant_id, work, polling)
    result = await call_action(channels, work.plugin, work.config, tenant_id, work.action, work.release, work.ref)
    status = await _record(channels, tenant_id, work, result, polling)
    if result.outcome == "unknown":
        return await _reconcile(channels, tenant_id, work, polling)
    return status


async def _prepare(channels: Channels, ring: KeyRing, tenant_id: UUID, outbox_id: UUID) -> _Work | str:
    outbox = await DB.fetchrow("select * from publication_outbox where id = $1 for update", outbox_id)
    if outbox is None or outbox["status"] != "claimed":
        return "skipped"
    last = await DB.fetchrow(
        "select * from publication_attempts where outbox_id = $1 order by number desc limit 1", outbox_id
    )
    if last is not None and last["outcome"] is None and last["started_at"] > channels.clock() - STALL_AFTER:
        return "in_flight"  # another run of this job is calling the channel right now
    held = await DB.fetchrow(
        "select paused_at is not null as paused, not enabled as disabled from channel_installations where channel = $1",
        outbox["channel"],
    )
    if held is not None and held["paused"]:  # handed out just before the pause: wait with the rest
        await _pending(outbox_id, channels.clock(), outbox["last_error"])
        return "paused"
    if held is not None and held["disabled"] and outbox["action"] != Action.RETRACT:  # switched off meanwhile
        await _pending(outbox_id, channels.clock(), outbox["last_error"])
        return "disabled"
    try:
        found = plugin(outbox["channel"])
        config = await channel_config(tenant_id, ring, outbox["channel"])
        config_time = await configured_at(outbox["channel"])
    except FabuError as error:  # the plugin is gone from this server, or the channel was uninstalled
        await _finish(tenant_id, outbox, "failed", error.message, channels.clock())
        return "failed"
    except SecretsError as error:  # e.g. the key that sealed the config was dropped from the ring
        await _finish(tenant_id, outbox, "failed", f"渠道配置无法解密 / the channel config cannot be decrypted: {error}", channels.clock())
        return "failed"
    release = await build_snapshot(tenant_id, outbox["release_id"], outbox["version_number"], outbox["channel"])
    if last is not None and last["outcome"] in (None, "unknown"):
        action = Action(outbox["action"])
        return _Work(outbox, last, found, config, config_time, release, True, action, await target_of(tenant_id, outbox))
    decision = await decide(tenant_id, outbox, found, release.title)
    if isinstance(decision, str):
        return decision
    blocking = [finding for finding in found.validate(release) if finding.severity is Severity.ERROR]
    if blocking and decision.action is not Action.RETRACT:  # a takedown is never held back by the content
        message = "；".join(str(finding.message) for finding in blocking)
        await _finish(tenant_id, outbox, "failed", message, channels.clock())
        return "failed"
    attempt = await DB.fetchrow(
        """insert into publication_attempts (tenant_id, outbox_id, number) values ($1, $2, $3) returning *""",
        tenant_id, outbox_id, outbox["attempts"] + 1,
    )
    await DB.fetch("update publication_outbox set attempts = attempts + 1, updated_at = now() where id = $1", outbox_id)
    assert attempt is not None
    counted = {**outbox, "attempts": outbox["attempts"] + 1, "action": decision.action.value}
    return _Work(counted, attempt, found, config, config_time, release, False, decision.action, decision.ref)


async def _reconcile(channels: Channels, tenant_id: UUID, work: _Work, polling: PollingRules) -> str:
    if work.action is not Action.PUBLISH and work.ref is None:
        # The update or retraction needs a live publication, and the ledger has none any more.
        result = CallResult("flagged", message="渠道上的稿件无法确定，请人工核实 / the publication cannot be found; a person must check")
    else:
        if Capability.STATUS in work.plugin.capabilities:  # a read the channel's rate limits count
            async with tenant_transaction(tenant_id):
                await note_read(tenant_id, work.outbox["channel"], work.outbox["id"])
        result = await call_status(
            channels, work.plugin, work.config, tenant_id, work.release, work.attempt["started_at"], work.action, work.ref
        )
    if result.outcome in ("retryable", "auth_expired"):
        # The read failed: the attempt stays unknown, and a later run asks again.
        async with tenant_transaction(tenant_id):
            now = channels.clock()
            if result.outcome == "auth_expired":
                paused = await pause_channel(tenant_id, work.outbox["channel"], result.message or "", now, work.configured_at)
                await _pending(work.outbox["id"], now, result.message)
                return "paused" if paused else "pending"
            reads = await reads_since(work.outbox["id"], work.attempt["started_at"])
            if reads < MAX_STATUS_READS:
                await _pending(work.outbox["id"], now + backoff(reads, None), result.message)
                return "pending"
        # Never reconciled, and the call must not be repeated blindly: a person decides.
        result = CallResult(
            "flagged",
            message=f"渠道状态查询 {reads} 次均未成功，结果未知，请人工核实 / the channel's status could not be read "
            f"in {reads} tries; the outcome is unknown, a person must check: {result.message}",
        )
    return await _record(channels, tenant_id, work, result, polling)


async def _record(channels: Channels, tenant_id: UUID, work: _Work, result: CallResult, polling: PollingRules) -> str:
    now = channels.clock()
    outbox = work.outbox
    async with tenant_transaction(tenant_id):
        await DB.fetch(
            """update publication_attempts set outcome = $2, finished_at = $3, channel_code = $4, channel_message = $5,
                   external_ids = $6::jsonb, url = $7 where id = $1""",
            work.attempt["id"], result.outcome, now, result.code, result.message,
            _json.dumps(dict(result.external_ids)), result.url,
        )
        if result.outcome in _DELIVERED:
            known = work.ref
            await record_publication(
                tenant_id, outbox, state=result.outcome, title=work.release.title, summary=work.release.summary,
                external_ids=result.external_ids or (known.external_ids if known else {}),
                url=result.url or (known.url if known else None), published_at=result.published_at, raw=result.raw,
            )
            # A pending receipt (the channel's own review) is polled until it settles (fabu.publishing.polling).
            await DB.fetch(
                """update publication_outbox set status = 'delivered', last_error = null, updated_at = now(),
                       poll_after = $2, polls = 0 where id = $1""",
                outbox["id"], now + polling.first if result.outcome == "pending" else None,
            )
            return "delivered"
        if result.outcome == "unknown":
            return "claimed"  # reconciled right away by the caller
        if result.outcome == "auth_expired":
            # Certainly not published, and not the release's fault: wait for new credentials (unless
            # they were saved while this call was on its way: then try again with them).
            paused = await pause_channel(tenant_id, outbox["channel"], result.message or "", now, work.configured_at)
            await _pending(outbox["id"], now, result.message)
            return "paused" if paused else "pending"
        if result.outcome == "not_found" and work.attempt["started_at"] > now - NOT_FOUND_SETTLES:
            # Too soon to be sure: the outcome stays unknown and the channel is asked again once the call would show.
            await DB.fetch("update publication_attempts set outcome = 'unknown' where id = $1", work.attempt["id"])
            await _pending(outbox["id"], work.attempt["started_at"] + NOT_FOUND_SETTLES, result.message)
            return "pending"
        if result.outcome == "not_found" and outbox["attempts"] < MAX_ATTEMPTS:
            await _pending(outbox["id"], now, result.message)  # certainly not published: safe to publish again
            return "pending"
        if result.outcome in _REPEAT and outbox["attempts"] < MAX_ATTEMPTS:
            await _pending(outbox["id"], now + backoff(outbox["attempts"], result.retry_after), result.message)
            return "pending"
        status = "flagged" if result.outcome == "flagged" else "failed"
        message = f"{result.code}: {result.message}" if result.code else (result.message or "")
        if result.outcome == "not_found":
            tries = outbox["attempts"]
            message = (
                f"渠道 {tries} 次均未确认，状态查询也查无此稿 / the channel confirmed none of {tries} tries, "
                f"and its status shows nothing"
            )
        await _finish(tenant_id, outbox, status, message, now, release_title=work.release.title)
        return status


async def _pending(outbox_id: UUID, not_before: datetime, message: str | None) -> None:
    await DB.fetch(
        """update publication_outbox set status = 'pending', not_before = $2, claimed_at = null, last_error = $3,
               updated_at = now() where id = $1""",
        outbox_id, not_before, message,
    )


async def _finish(
    tenant_id: UUID, outbox: Mapping[str, Any], status: str, message: str, now: datetime, *, release_title: str | None = None
) -> None:
    """Give the row up as ``failed`` or ``flagged`` and tell the unit's publishers, in the channel's words;
    the portal's rows take the rows linking to its page with them (:mod:`fabu.publishing.linked`)."""
    await DB.fetch(
        "update publication_outbox set status = $2, last_error = $3, updated_at = $4 where id = $1",
        outbox["id"], status, message, now,
    )
    await tell_publishers(tenant_id, outbox, status, message, release_title)
    await give_up_linked(tenant_id, outbox, message)
