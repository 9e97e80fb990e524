"""Pausing a channel whose credentials the channel refused (``AuthExpiredError``).

A refusal of credentials says nothing about the release, so nothing is given up: the row goes back
to waiting, and the relay hands out no row of a paused installation. The installation records when
and why it was paused, the unit's admins and publishers are told once (the first refusal pauses,
later ones find it paused already), and new settings or switching the channel on again resume it
(see :mod:`fabu.publishing.installations`). A refusal of credentials that were replaced while the
call was on its way pauses nothing: the row is simply tried again with the new ones.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fabu.db.engine import DB
from fabu.publishing.notices import tell_paused


async def pause_channel(tenant_id: UUID, channel: str, reason: str, now: datetime, configured_at: datetime) -> bool:
    """In the current tenant transaction: whether ``channel`` is paused now (paused by this call, or before).

    ``configured_at`` is when the installation's settings had last changed when the refused call read
    them; if they changed since (new credentials, switched off and on), the refusal is about old
    credentials and the channel is left running.
    """
    reason = reason or "凭据失效 / credentials refused"
    row = await DB.fetchrow(
        """update channel_installations set paused_at = $2, paused_reason = $3, updated_at = now()
           where channel = $1 and paused_at is null and updated_at = $4 returning id""",
        channel, now, reason, configured_at,
    )  # fmt: skip
    if row is not None:
        await tell_paused(tenant_id, channel, reason)
        return True
    return await DB.fetchrow("select 1 from channel_installations where channel = $1 and paused_at is not null", channel) is not None
