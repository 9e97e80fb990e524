"""The publication outbox: rows written in the same transaction in which a release becomes READY.

One row per enabled, installed channel among the release's target channels: a publish, or an
update where an earlier version is live (a correction; see :mod:`fabu.publishing.actions`). A
channel that cannot update gets a notice instead of a row. Waiting rows of older versions are
cancelled: they no longer carry the approved content. The portal goes first (``order_rank`` 0):
the other channels link to the portal's page, so the relay holds them (rank 1) until the portal's
publish or update row of the same version is delivered. ``not_before`` is the release's scheduled time
(an embargo), or now.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

from fabu.db.engine import DB
from fabu.publishing.actions import Action, capabilities, live_publication, placement

PORTAL: Final = "portal"
"""The channel every other channel links to."""


async def schedule_release(tenant_id: UUID, release_id: UUID) -> int:
    """Write the outbox rows of the release's current version; returns how many were new.

    Idempotent: a version already scheduled (or noticed) for a channel is not scheduled again.
    """
    release = await DB.fetchrow(
        """select r.id, r.title, r.channels, v.number, v.sha256 from releases r
           join release_versions v on v.id = r.current_version_id where r.id = $2 and r.tenant_id = $1""",
        tenant_id, release_id,
    )  # fmt: skip
    if release is None:
        return 0
    await cancel_waiting(release_id, "已被新批准的版本取代 / superseded by a newer approved version", before_version=release["number"])
    installed = await DB.fetch(
        "select channel from channel_installations where channel = any($1::text[]) and enabled order by channel",
        list(release["channels"]),
    )  # fmt: skip
    written = 0
    for row in installed:
        channel = row["channel"]
        live = await live_publication(release_id, channel)
        if live is not None and live["version_number"] == release["number"]:
            continue  # this very version is up already
        action = placement(capabilities(channel), live)
        if action is None:
            # Imported here: the snapshot module (which corrections need) imports PORTAL from this one.
            from fabu.publishing.corrections import notice_correction

            assert live is not None
            await notice_correction(tenant_id, release, live)
            continue
        inserted = await DB.fetchrow(
            """insert into publication_outbox
                   (tenant_id, release_id, version_number, content_sha256, channel, order_rank, not_before, action)
               select r.tenant_id, r.id, $3, $4, $5::text, case when $5::text = $6::text then 0 else 1 end,
                      greatest(coalesce(r.scheduled_at, now()), now()), $7
               from releases r where r.id = $2 and r.tenant_id = $1
               on conflict (tenant_id, release_id, version_number, channel) where action <> 'retract' do nothing
               returning id""",
            tenant_id, release_id, release["number"], release["sha256"], channel, PORTAL, action.value,
        )  # fmt: skip
        written += inserted is not None
    return written


async def cancel_waiting(release_id: UUID, reason: str, *, before_version: int | None = None, channel: str | None = None) -> int:
    """Cancel the release's publish and update rows that have not been handed out (optionally: of older
    versions only, of one channel only); returns how many."""
    rows = await DB.fetch(
        """update publication_outbox set status = 'cancelled', last_error = $2, updated_at = now()
           where release_id = $1 and status = 'pending' and action <> $3
             and ($4::int is null or version_number < $4) and ($5::text is null or channel = $5)
           returning id""",
        release_id, reason, Action.RETRACT.value, before_version, channel,
    )  # fmt: skip
    return len(rows)
