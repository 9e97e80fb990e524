"""Just before a call: is the outbox row still wanted, and what exactly does it do (see :mod:`fabu.publishing.actions`).

A publish or update row goes out only while its version is the approved one; whether it publishes
or updates is decided again from the ledger (an earlier publish may have landed since the row was
written). A retraction needs a live publication. A row that is no longer wanted is ``cancelled``;
one the channel cannot do is ``flagged`` with a notice, and the publishers are told.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fabu.channels.api import ChannelPlugin, PublicationRef
from fabu.db.engine import DB
from fabu.publishing.actions import Action, approved_version, live_publication, placement, ref_of
from fabu.publishing.corrections import notice_correction, notice_retraction


@dataclass(frozen=True)
class Decision:
    """What the row does now, and the publication an update or retraction is about."""

    action: Action
    ref: PublicationRef | None


async def target_of(tenant_id: UUID, outbox: Mapping[str, Any]) -> PublicationRef | None:
    """The live publication an update or retraction row is about (None for a publish, or when nothing is up)."""
    if outbox["action"] == Action.PUBLISH:
        return None
    live = await live_publication(outbox["release_id"], outbox["channel"])
    return ref_of(live, tenant_id) if live else None


async def decide(tenant_id: UUID, outbox: Mapping[str, Any], plugin: ChannelPlugin[Any], title: str) -> Decision | str:
    """In the row's transaction: the decision, or the status the row was settled with (``cancelled``, ``flagged``)."""
    live = await live_publication(outbox["release_id"], outbox["channel"])
    if outbox["action"] == Action.RETRACT:
        if live is None:
            return await settle(outbox["id"], "cancelled", "渠道上已无此稿件，无需撤回 / nothing is up to retract")
        if Action.RETRACT.capability not in plugin.capabilities:
            await notice_retraction(tenant_id, live, outbox["note"] or "")
            return await settle(outbox["id"], "flagged", "渠道不支持撤回，已通知人工撤回 / the channel cannot retract; a person was told")
        return Decision(Action.RETRACT, ref_of(live, tenant_id))
    if await approved_version(outbox["release_id"]) != outbox["version_number"]:
        return await settle(outbox["id"], "cancelled", "此版本已不是批准发布的版本 / this version is no longer the approved one")
    if live is not None and live["version_number"] == outbox["version_number"]:
        return await settle(outbox["id"], "cancelled", "此版本已在渠道上 / this version is up already")
    action = placement(plugin.capabilities, live)
    if action is None:
        assert live is not None
        release = {"id": outbox["release_id"], "title": title, "number": outbox["version_number"], "sha256": outbox["content_sha256"]}
        await notice_correction(tenant_id, release, live)
        return await settle(outbox["id"], "flagged", "渠道不支持更正，已通知人工更正 / the channel cannot update; a person was told")
    if action != outbox["action"]:
        await DB.fetch("update publication_outbox set action = $2, updated_at = now() where id = $1", outbox["id"], action.value)
    return Decision(action, ref_of(live, tenant_id) if live and action is Action.UPDATE else None)


async def settle(outbox_id: UUID, status: str, message: str) -> str:
    """End the row with ``status`` and why; returns the status."""
    await DB.fetch(
        "update publication_outbox set status = $2, last_error = $3, updated_at = now() where id = $1", outbox_id, status, message
    )
    return status
