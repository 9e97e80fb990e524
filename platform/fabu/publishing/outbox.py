"""The publication outbox: rows written in the same transaction in which a release becomes READY.

One row per enabled, installed channel among the release's target channels. The portal goes first
(``order_rank`` 0): the other channels link to the portal's page, so the relay holds them (rank 1)
until the portal's row is delivered. ``not_before`` is the release's scheduled time (an embargo),
or now.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

from fabu.db.engine import DB

PORTAL: Final = "portal"
"""The channel every other channel links to."""


async def schedule_release(tenant_id: UUID, release_id: UUID) -> int:
    """Write the outbox rows of the release's current version; returns how many were new.

    Idempotent: a version already scheduled for a channel is not scheduled again.
    """
    rows = await DB.fetch(
        """insert into publication_outbox
               (tenant_id, release_id, version_number, content_sha256, channel, order_rank, not_before)
           select r.tenant_id, r.id, v.number, v.sha256, i.channel,
                  case when i.channel = $3 then 0 else 1 end, greatest(coalesce(r.scheduled_at, now()), now())
           from releases r
           join release_versions v on v.id = r.current_version_id
           join channel_installations i on i.channel = any(r.channels) and i.enabled
           where r.id = $2 and r.tenant_id = $1
           on conflict (tenant_id, release_id, version_number, channel) do nothing
           returning id""",
        tenant_id, release_id, PORTAL,
    )
    return len(rows)
