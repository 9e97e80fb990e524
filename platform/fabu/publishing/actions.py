"""What a channel gets for a release — publish, update (更正) or retract (撤回) — and what it is about.

Where a release stands on a channel is its latest ledger entry there that is not a notice (state
``manual``). The publication is *live* while that state is ``published`` or ``pending`` and the
entry is not a retraction.

The rules, decided when the rows are written and decided again just before the call (a row may
wait while the state changes, e.g. an earlier publish still in flight lands meanwhile):

* A version becoming READY is a **publish** on a channel where nothing is live (never published,
  retracted, rejected by the channel's review).
* It is an **update** (a correction) on a channel where an earlier version is live: ``update``
  replaces the content in place, never a second ``publish`` beside the first. A channel without
  ``UPDATE`` gets no call at all: a notice is entered in the ledger (action ``update``, state
  ``manual``) and the publishers are told to correct the channel by hand.
* Only the approved version is sent: a publish or update row goes out only while its version is
  the release's current version and the release is READY. An edit sends the release back to
  review, so its waiting rows are cancelled (never delivered) when a newer version is scheduled,
  or at the latest when they come up for delivery.
* A **retraction** takes the live publication down through ``retract`` where the channel has
  ``RETRACT``; elsewhere a notice is entered and the publishers are told to take it down by hand
  (:mod:`fabu.publishing.retraction`).

An update or retraction whose outcome is unknown is reconciled through ``status`` like a publish
(:mod:`fabu.publishing.calls`); repeating them is safe only once ``status`` shows the publication
still there, since neither can make a second publication.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final
from uuid import UUID

from fabu.channels.api import Capability, PublicationRef
from fabu.channels.registry import UnknownChannelError
from fabu.db.engine import DB
from fabu.publishing import _json
from fabu.publishing.plugins import registry


class Action(StrEnum):
    """What an outbox row does on its channel (``publication_outbox.action``, ``publication_ledger.action``)."""

    PUBLISH = "publish"
    UPDATE = "update"
    RETRACT = "retract"

    @property
    def capability(self) -> Capability:
        """The plugin capability the action calls."""
        return {Action.PUBLISH: Capability.PUBLISH, Action.UPDATE: Capability.UPDATE, Action.RETRACT: Capability.RETRACT}[self]


MANUAL: Final = "manual"
"""The ledger state of a notice: the channel cannot do it, a person must."""

_LIVE: Final = frozenset({"published", "pending"})

APPROVED_STATES: Final = ("ready", "published")
"""Release workflow states in which the current version is approved for the channels."""


def capabilities(channel: str) -> Capability | None:
    """What the channel's plugin declares, or None when it is not loaded on this server."""
    try:
        return registry().get(channel).capabilities
    except UnknownChannelError:
        return None


async def live_publication(release_id: UUID, channel: str) -> dict[str, Any] | None:
    """The ledger entry of the release's live publication on ``channel``, or None when nothing is up."""
    latest = await DB.fetchrow(
        """select * from publication_ledger where release_id = $1 and channel = $2 and state <> $3
           order by recorded_at desc, id desc limit 1""",
        release_id, channel, MANUAL,
    )  # fmt: skip
    if latest is None or latest["state"] not in _LIVE or latest["action"] == Action.RETRACT:
        return None
    return latest


def placement(channel_capabilities: Capability | None, live: Mapping[str, Any] | None) -> Action | None:
    """Publish or update a new approved version; None when it must be corrected by hand.

    A plugin not loaded here is given the benefit of the doubt; its delivery fails with the reason.
    """
    if live is None:
        return Action.PUBLISH
    if channel_capabilities is None or Capability.UPDATE in channel_capabilities:
        return Action.UPDATE
    return None


async def approved_version(release_id: UUID) -> int | None:
    """The number of the release's current version while it is approved (READY, or marked published); None otherwise."""
    row = await DB.fetchrow(
        """select v.number from releases r join release_versions v on v.id = r.current_version_id
           where r.id = $1 and r.workflow_state = any($2::text[])""",
        release_id, list(APPROVED_STATES),
    )  # fmt: skip
    return row["number"] if row else None


def ref_of(entry: Mapping[str, Any], tenant_id: UUID) -> PublicationRef:
    """The reference to the publication a ledger entry records, with the channel's ids."""
    return PublicationRef(
        release_id=entry["release_id"], tenant_id=tenant_id, title=entry["title"],
        external_ids=_json.loads(entry["external_ids"]), url=entry["url"],
    )  # fmt: skip
