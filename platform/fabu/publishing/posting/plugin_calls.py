"""The plugin calls of proofs and upkeep, through the delivery's own context building.

A proof's failures become user errors naming the input field; nothing is recorded then.
"""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

from fabu.channels.api import (
    AuthExpiredError,
    ChannelConfig,
    ChannelError,
    ChannelPlugin,
    Proof,
    ProofReceipt,
    ProofRejectedError,
    PublicationRef,
    UpkeepReport,
)
from fabu.errors import FabuError

# The delivery's context builder: a proof or an upkeep run sees exactly what a publish sees
# (the unit's media, the shared cache, the clock and HTTP settings of ``Channels``).
from fabu.publishing.calls import Channels, channel_context
from fabu.publishing.posting.errors import PostingErrorCode

_INPUT_FIELDS: Final = {
    "content": "contentBase64",
    "content_type": "contentType",
    "kind": "kind",
    "taken_at": "takenAt",
    "note": "note",
}
"""A :class:`Proof` field as the input field a person filled in."""


async def call_proof(
    channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID, ref: PublicationRef, proof: Proof
) -> ProofReceipt:
    """``proof``, once; a refusal or an outage raised as a user error."""
    try:
        async with channel_context(channels, plugin, config, tenant_id) as ctx:
            receipt: ProofReceipt = await plugin.proof(ctx, ref, proof)
    except ProofRejectedError as error:
        raise FabuError(
            PostingErrorCode.PROOF_REJECTED,
            f"渠道不接受该证明：{error.reason.zh}",
            f"the channel refused the proof: {error.reason.en}",
            field=_INPUT_FIELDS.get(error.field or "", "releaseId"),
        ) from None
    except AuthExpiredError:
        raise FabuError(
            PostingErrorCode.CHANNEL_UNAVAILABLE,
            "渠道凭据已失效，请管理员更新渠道配置后重试",
            "the channel's credentials expired; an administrator must renew the config, then try again",
            field="channel",
        ) from None
    except ChannelError as error:
        raise FabuError(
            PostingErrorCode.CHANNEL_UNAVAILABLE,
            f"渠道暂时无法登记证明，请稍后重试：{error.message}",
            f"the channel cannot take the proof now, please try again later: {error.message}",
            field="channel",
        ) from None
    return receipt


async def call_upkeep(channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID) -> UpkeepReport:
    """``upkeep``, once; errors propagate to the caller, which logs them per unit and channel."""
    async with channel_context(channels, plugin, config, tenant_id) as ctx:
        report: UpkeepReport = await plugin.upkeep(ctx)
    return report
