"""Corrections a channel cannot make itself: a notice in the ledger, and the publishers told to act by hand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.publishing.actions import MANUAL, Action
from fabu.publishing.ledger import record_notice
from fabu.publishing.notices import tell_to_act_by_hand


async def notice_correction(tenant_id: UUID, release: Mapping[str, Any], live: Mapping[str, Any]) -> None:
    """A newer approved version of ``release`` cannot replace the ``live`` publication: enter a notice (once per
    version and channel) and tell the publishers. ``release`` has ``id``, ``title``, ``number`` and ``sha256``."""
    already = await DB.fetchrow(
        """select 1 from publication_ledger where release_id = $1 and channel = $2 and version_number = $3
           and state = $4 and action = $5""",
        release["id"], live["channel"], release["number"], MANUAL, Action.UPDATE.value,
    )  # fmt: skip
    if already is not None:
        return
    number = release["number"]
    note = f"第{number}版已批准，渠道不支持更正 / version {number} was approved; the channel cannot update it"
    await record_notice(tenant_id, live, Action.UPDATE.value, note, version_number=number, content_sha256=release["sha256"])
    await tell_to_act_by_hand(tenant_id, release["id"], live["channel"], Action.UPDATE.value, note, release["title"])


async def notice_retraction(tenant_id: UUID, live: Mapping[str, Any], reason: str) -> None:
    """The channel cannot take the ``live`` publication down: enter a notice and tell the publishers."""
    note = f"渠道不支持撤回，请人工撤回 / the channel cannot retract; take it down by hand — {reason}"
    await record_notice(
        tenant_id, live, Action.RETRACT.value, note, version_number=live["version_number"], content_sha256=live["content_sha256"]
    )
    await tell_to_act_by_hand(tenant_id, live["release_id"], live["channel"], Action.RETRACT.value, reason, live["title"])
