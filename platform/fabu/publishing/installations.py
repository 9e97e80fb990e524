"""A unit's channel installations: install, configure and switch channels; secrets sealed at rest.

A config is validated by the plugin's own model and split with :func:`~fabu.channels.secrets.split_config`:
the plain fields are stored as ``config``, each secret as an AES-256-GCM envelope bound to the unit,
the channel and the field. Nothing here ever returns a secret: what callers see is :func:`redacted`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import JsonValue, ValidationError

from fabu.channels.api import ChannelConfig
from fabu.channels.secrets import (
    KeyRing,
    SealedConfig,
    config_context,
    merge_config,
    redacted,
    split_config,
    update_config,
)
from fabu.db.engine import DB
from fabu.errors import FabuError, FabuErrors
from fabu.publishing import _json
from fabu.publishing.errors import PublishingErrorCode
from fabu.publishing.plugins import plugin


@dataclass(frozen=True)
class Installation:
    """A channel as a unit has it installed; ``config`` is redacted."""

    id: UUID
    channel: str
    enabled: bool
    config: dict[str, JsonValue]
    created_at: datetime
    updated_at: datetime
    paused_at: datetime | None = None
    """When deliveries stopped because the channel refused the credentials; None while it runs."""
    paused_reason: str | None = None
    """The channel's own words when it refused them."""


def _sealed(row: Mapping[str, Any]) -> SealedConfig:
    return SealedConfig(public=_json.loads(row["config"]), secrets=_json.loads(row["secrets"]))


def to_installation(row: Mapping[str, Any]) -> Installation:
    """An installation row as callers may see it: secrets redacted."""
    return Installation(
        id=row["id"], channel=row["channel"], enabled=row["enabled"], config=redacted(_sealed(row)),
        created_at=row["created_at"], updated_at=row["updated_at"],
        paused_at=row["paused_at"], paused_reason=row["paused_reason"],
    )


def _invalid(error: ValidationError) -> FabuErrors:
    return FabuErrors(
        FabuError(
            PublishingErrorCode.INVALID_CONFIG,
            f"渠道配置无效：{issue['msg']}",
            f"invalid channel config: {issue['msg']}",
            field=".".join(["config", *(str(part) for part in issue["loc"])]),
        )
        for issue in error.errors()
    )


async def _row(channel: str, *, for_update: bool = False) -> dict[str, Any]:
    row = await DB.fetchrow(
        f"select * from channel_installations where channel = $1 {'for update' if for_update else ''}", channel
    )
    if row is None:
        raise FabuError(
            PublishingErrorCode.NOT_INSTALLED, f"本单位未安装渠道 {channel}", f"channel {channel} is not installed", field="channel"
        )
    return row


async def install_channel(
    tenant_id: UUID, ring: KeyRing, channel: str, config: Mapping[str, Any], *, enabled: bool = True
) -> Installation:
    """Install ``channel`` for the unit with ``config`` (validated by the plugin's config model)."""
    found = plugin(channel)
    if await DB.fetchrow("select 1 from channel_installations where channel = $1", channel) is not None:
        raise FabuError(
            PublishingErrorCode.ALREADY_INSTALLED, f"渠道 {channel} 已安装", f"channel {channel} is already installed", field="channel"
        )
    try:
        sealed = split_config(config, found.config_model, ring, context=config_context(tenant_id, channel))
    except ValidationError as error:
        raise _invalid(error) from None
    row = await DB.fetchrow(
        """insert into channel_installations (tenant_id, channel, enabled, config, secrets)
           values ($1, $2, $3, $4::jsonb, $5::jsonb) returning *""",
        tenant_id, channel, enabled, _json.dumps(sealed.public), _json.dumps(sealed.secrets),
    )
    assert row is not None
    return to_installation(row)


async def configure_channel(tenant_id: UUID, ring: KeyRing, channel: str, changes: Mapping[str, Any]) -> Installation:
    """Apply a settings form: absent fields keep their value, and so do secrets sent back empty or redacted.

    A paused channel resumes: new settings are the answer to credentials the channel refused.
    """
    found = plugin(channel)
    row = await _row(channel, for_update=True)
    try:
        sealed = update_config(_sealed(row), changes, found.config_model, ring, context=config_context(tenant_id, channel))
    except ValidationError as error:
        raise _invalid(error) from None
    updated = await DB.fetchrow(
        """update channel_installations set config = $2::jsonb, secrets = $3::jsonb, paused_at = null,
               paused_reason = null, updated_at = now()
           where id = $1 returning *""",
        row["id"], _json.dumps(sealed.public), _json.dumps(sealed.secrets),
    )
    assert updated is not None
    return to_installation(updated)


async def set_channel_enabled(channel: str, enabled: bool) -> Installation:
    """Switch an installed channel on or off; a disabled channel gets no new outbox rows, and the relay
    holds its waiting publish and update rows (not its retractions) until it is switched on again.

    Switching a paused channel on resumes it (an admin who re-enables it vouches for its credentials).
    """
    row = await _row(channel, for_update=True)
    updated = await DB.fetchrow(
        """update channel_installations set enabled = $2, updated_at = now(),
               paused_at = case when $2 then null else paused_at end,
               paused_reason = case when $2 then null else paused_reason end
           where id = $1 returning *""",
        row["id"], enabled,
    )
    assert updated is not None
    return to_installation(updated)


async def list_installations() -> list[Installation]:
    """The unit's installations, by channel name."""
    return [to_installation(row) for row in await DB.fetch("select * from channel_installations order by channel")]


async def configured_at(channel: str) -> datetime:
    """When the installation's settings last changed: a refusal of credentials read before then says
    nothing about the current ones (see :func:`fabu.publishing.pausing.pause_channel`)."""
    changed: datetime = (await _row(channel))["updated_at"]
    return changed


async def channel_config(tenant_id: UUID, ring: KeyRing, channel: str) -> ChannelConfig:
    """The decrypted config a plugin call receives; only the delivery job asks for it."""
    row = await _row(channel)
    config: ChannelConfig = merge_config(
        _sealed(row), plugin(channel).config_model, ring, context=config_context(tenant_id, channel)
    )
    return config
