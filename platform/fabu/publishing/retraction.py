"""Taking a release down (撤回) from every channel that has it, in one action.

For each channel where the release is live, or where a publish or update is in flight: a retract
row goes into the outbox when the channel has ``RETRACT`` (the relay and delivery handle it like
any row: attempt first, unknown outcomes reconciled through ``status``); otherwise a notice is
entered in the ledger and the publishers are told to take it down by hand. Waiting publish and
update rows of the release are cancelled, so nothing goes up after the takedown. A later approved
version publishes afresh. A release never published cannot be retracted (``NEVER_PUBLISHED``), nor
one that is up nowhere any more (``NOT_LIVE``); a retraction already under way on a channel is not
repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError, not_found
from fabu.publishing.actions import Action, capabilities, live_publication
from fabu.publishing.corrections import notice_retraction
from fabu.publishing.errors import PublishingErrorCode
from fabu.publishing.outbox import cancel_waiting

REASON_MAX: Final = 500


class RetractionOutcome(StrEnum):
    """What the retraction does on one channel."""

    RETRACTING = "retracting"
    """A retract call is scheduled (or was already under way)."""
    BY_HAND = "by_hand"
    """The channel cannot retract: a notice was entered and the publishers told."""


@dataclass(frozen=True)
class ChannelRetraction:
    channel: str
    outcome: RetractionOutcome


def checked_reason(reason: str) -> str:
    """The reason, trimmed; a user error when empty or too long."""
    reason = reason.strip()
    if not reason:
        raise FabuError(CommonErrorCode.REQUIRED, "撤回原因不能为空", "a reason for the retraction is required", field="reason")
    if len(reason) > REASON_MAX:
        raise FabuError(
            CommonErrorCode.TOO_LONG, f"撤回原因不能超过 {REASON_MAX} 字", f"the reason may have at most {REASON_MAX} characters",
            field="reason",
        )  # fmt: skip
    return reason


async def retract_release(tenant_id: UUID, release_id: UUID, reason: str) -> list[ChannelRetraction]:
    """In the current tenant transaction: retract the release everywhere it is up; what happens per channel."""
    reason = checked_reason(reason)
    if await DB.fetchrow("select 1 from releases where id = $1 for update", release_id) is None:
        raise not_found("信息稿件", "release", field="releaseId")
    channels = await DB.fetch(
        """select channel from publication_ledger where release_id = $1
           union select channel from publication_outbox where release_id = $1 and status = 'claimed' and action <> $2
           order by channel""",
        release_id, Action.RETRACT.value,
    )  # fmt: skip
    done: list[ChannelRetraction] = []
    for row in channels:
        outcome = await _retract_on(tenant_id, release_id, row["channel"], reason)
        if outcome is not None:
            done.append(ChannelRetraction(row["channel"], outcome))
    if not channels:
        raise FabuError(
            PublishingErrorCode.NEVER_PUBLISHED, "稿件尚未在任何渠道发布，无需撤回",
            "the release was never published on any channel, so there is nothing to retract", field="releaseId",
        )  # fmt: skip
    if not done:
        raise FabuError(
            PublishingErrorCode.NOT_LIVE, "稿件已不在任何渠道上（已撤回或未通过渠道审核）",
            "the release is no longer up on any channel (retracted, or refused by the channel's review)", field="releaseId",
        )  # fmt: skip
    await cancel_waiting(release_id, f"稿件已撤回 / the release was retracted: {reason}")
    return done


async def _retract_on(tenant_id: UUID, release_id: UUID, channel: str, reason: str) -> RetractionOutcome | None:
    live = await live_publication(release_id, channel)
    in_flight = await DB.fetchrow(
        """select version_number, content_sha256 from publication_outbox
           where release_id = $1 and channel = $2 and status = 'claimed' and action <> $3
           order by version_number desc limit 1""",
        release_id, channel, Action.RETRACT.value,
    )  # fmt: skip
    target = live or in_flight
    if target is None:
        return None
    declared = capabilities(channel)
    # A channel that cannot retract gets a notice now; if the publication is only in flight, the retract
    # row's delivery enters the notice once it has landed.
    if declared is not None and Action.RETRACT.capability not in declared and live is not None:
        await notice_retraction(tenant_id, live, reason)
        return RetractionOutcome.BY_HAND
    await DB.fetch(
        """insert into publication_outbox
               (tenant_id, release_id, version_number, content_sha256, channel, order_rank, action, note)
           values ($1, $2, $3, $4, $5, 0, $6, $7)
           on conflict (tenant_id, release_id, channel) where action = 'retract' and status in ('pending', 'claimed')
           do nothing""",
        tenant_id, release_id, target["version_number"], target["content_sha256"], channel, Action.RETRACT.value, reason,
    )  # fmt: skip
    return RetractionOutcome.RETRACTING
