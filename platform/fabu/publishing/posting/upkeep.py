"""The daily upkeep: every unit's installed channels that declare ``UPKEEP`` do their periodic work
(e.g. the bulletin re-renders its signage page for the new day) and report the standing reminders;
the unit's publishers are told of each new one, once.

The plugin call runs outside any database transaction (a channel may take seconds); one unit's or
one channel's failure (in its call, or in recording what it reported) is logged and does not stop
the others; a failed recording tells nobody, and the next run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from pydantic import JsonValue

from fabu.channels.api import Capability, ChannelConfig, ChannelPlugin
from fabu.channels.registry import UnknownChannelError
from fabu.channels.secrets import KeyRing, SecretsError
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.calls import Channels
from fabu.publishing.installations import channel_config
from fabu.publishing.notices import publishers
from fabu.publishing.plugins import registry
from fabu.publishing.posting.plugin_calls import call_upkeep
from fabu.publishing.posting.reminders import record_reminders
from fabu.workflow.notify import notify

logger = logging.getLogger(__name__)

REMINDER_NOTIFICATION = "posting_reminder"
"""The notification kind of a reminder from a channel's upkeep."""


@dataclass(frozen=True)
class UpkeepRun:
    """One channel's upkeep in one unit: how many reminders stand, how many were new, or what failed."""

    tenant_id: UUID
    channel: str
    standing: int = 0
    told: int = 0
    summary: Mapping[str, JsonValue] = field(default_factory=dict)
    error: str | None = None


async def _upkeep_channels(tenant_id: UUID, ring: KeyRing) -> list[tuple[ChannelPlugin[Any], ChannelConfig]]:
    """In the unit's transaction: its installed channels declaring ``UPKEEP``, with their configs."""
    found: list[tuple[ChannelPlugin[Any], ChannelConfig]] = []
    # A disabled channel takes no new releases, but what it already shows still needs tending.
    for row in await DB.fetch("select channel from channel_installations order by channel"):
        try:
            plugin = registry().get(row["channel"])
        except UnknownChannelError:
            continue  # the plugin is not installed on this server; the delivery reports that case
        if Capability.UPKEEP not in plugin.capabilities:
            continue
        try:
            found.append((plugin, await channel_config(tenant_id, ring, plugin.name)))
        except SecretsError:
            logger.exception("upkeep: the config of channel %s in unit %s cannot be decrypted", plugin.name, tenant_id)
    return found


async def _tell(tenant_id: UUID, plugin: ChannelPlugin[Any], rows: list[dict[str, Any]]) -> None:
    people = await publishers()
    name = plugin.display_name
    for row in rows:
        await notify(
            tenant_id, people, row["release_id"], REMINDER_NOTIFICATION,
            f"【{name.zh}】{row['message_zh']}", f"[{name.en}] {row['message_en']}",
        )  # fmt: skip


async def upkeep_tenant(channels: Channels, ring: KeyRing, tenant_id: UUID) -> list[UpkeepRun]:
    """Run the upkeep of each of the unit's channels that declares it, record and tell its reminders."""
    async with tenant_transaction(tenant_id):
        targets = await _upkeep_channels(tenant_id, ring)
    runs = []
    for plugin, config in targets:
        try:
            report = await call_upkeep(channels, plugin, config, tenant_id)
        except Exception as error:  # any failure of one channel is logged; the others still run
            logger.exception("upkeep of channel %s in unit %s failed", plugin.name, tenant_id)
            runs.append(UpkeepRun(tenant_id, plugin.name, error=f"{type(error).__name__}: {error}"))
            continue
        try:
            async with tenant_transaction(tenant_id):
                new = await record_reminders(tenant_id, plugin.name, report.reminders, channels.clock())
                await _tell(tenant_id, plugin, new)
        except Exception as error:  # e.g. a reminder the database refuses: that channel's run only
            logger.exception("upkeep of channel %s in unit %s: its reminders could not be recorded", plugin.name, tenant_id)
            runs.append(UpkeepRun(tenant_id, plugin.name, len(report.reminders), error=f"{type(error).__name__}: {error}"))
            continue
        runs.append(UpkeepRun(tenant_id, plugin.name, len(report.reminders), len(new), report.summary))
    return runs


async def upkeep_all(channels: Channels, ring: KeyRing) -> list[UpkeepRun]:
    """Every unit in turn."""
    runs: list[UpkeepRun] = []
    for row in await DB.fetch("select id from platform_tenant_ids() as id"):
        runs.extend(await upkeep_tenant(channels, ring, row["id"]))
    return runs
