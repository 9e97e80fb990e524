"""Pausing a channel whose credentials the channel refused (``AuthExpiredError``).

A refusal of credentials says nothing about the release, so nothing is given up: the row goes back
to waiting, and the relay hands out no row of a paused installation. The installation records when
and why it was paused, the unit's admins and publishers are told once (the first refusal pauses,
later ones find it paused already), and new settings or switching the channel on again resume it
(see :mod:`fabu.publishing.installations`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fabu.db.engine import DB
from fabu.publishing.notices import tell_paused


async def pause_channel(tenant_id: UUID, channel: str, reason: str, now: datetime) -> bool:
    """In the current tenant transaction: pause ``channel`` unless it is paused already; whether it was paused now."""
    reason = reason or "凭据失效 / credentials refused"
    row = await DB.fetchrow(
        """update channel_installations set paused_at = $2, paused_reason = $3, updated_at = now()
           where channel = $1 and paused_at is null returning id""",
        channel, now, reason,
    )  # fmt: skip
    if row is None:
        return False
    await tell_paused(tenant_id, channel, reason)
    return True
