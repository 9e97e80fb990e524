"""GraphQL types of the publishing domain: a unit's channel installations and its ledger entries."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from fabu.channels.api import Capability, ChannelPlugin, secret_fields
from fabu.db.engine import DB
from fabu.graphql.context import Info
from fabu.publishing.installations import Installation, to_installation
from fabu.publishing.plugins import registry


def _uuids(node_ids: Iterable[str]) -> list[UUID | None]:
    found: list[UUID | None] = []
    for node_id in node_ids:
        try:
            found.append(UUID(node_id))
        except ValueError:
            found.append(None)
    return found


@strawberry.type(name="ChannelInstallation", description="本单位安装的发布渠道 / a channel installed for the unit")
class ChannelInstallationType(relay.Node):
    id: relay.NodeID[str]
    channel: str = strawberry.field(description="渠道插件名 / the plugin's name")
    enabled: bool = strawberry.field(description="是否启用 / whether new releases go to it")
    config: JSON = strawberry.field(description="配置，已设置的密钥显示为 ****** / the config, secrets shown as ******")
    display_name: str = strawberry.field(description="渠道名称（中文）/ the channel's name in Chinese")
    display_name_en: str = strawberry.field(description="渠道名称（英文）/ the channel's name in English")
    capabilities: list[str] = strawberry.field(description="插件声明的能力 / what the plugin can do")
    config_schema: JSON = strawberry.field(
        description="配置表单的 JSON Schema，密钥字段标有 secret / the config form's JSON Schema, secrets marked"
    )
    secret_fields: list[str] = strawberry.field(description="密钥字段（只写）/ the write-only secret fields")
    available: bool = strawberry.field(description="插件在本服务器上可用 / whether the plugin is loaded on this server")
    paused: bool = strawberry.field(
        description="渠道拒绝凭据后暂停发布，更新配置或重新启用后恢复 / deliveries stopped because the channel refused "
        "the credentials; updating the config or re-enabling resumes them"
    )
    paused_at: datetime | None = strawberry.field(description="暂停时间 / when it was paused")
    paused_reason: str | None = strawberry.field(description="渠道给出的原因 / the channel's own words")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_installation(cls, installation: Installation) -> ChannelInstallationType:
        plugin: ChannelPlugin[Any] | None = registry().plugins[installation.channel].plugin if installation.channel in registry() else None
        config: Any = installation.config  # JSON scalars are typed as NewType-like markers
        schema: Any = plugin.config_schema() if plugin else {}
        return cls(
            id=str(installation.id), channel=installation.channel, enabled=installation.enabled, config=config,
            display_name=plugin.display_name.zh if plugin else installation.channel,
            display_name_en=plugin.display_name.en if plugin else installation.channel,
            capabilities=[cap.method for cap in Capability if plugin and cap in plugin.capabilities],
            config_schema=schema,
            secret_fields=list(secret_fields(plugin.config_model)) if plugin else [],
            available=plugin is not None, paused=installation.paused_at is not None, paused_at=installation.paused_at,
            paused_reason=installation.paused_reason, created_at=installation.created_at, updated_at=installation.updated_at,
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        ids = _uuids(node_ids)
        rows = await DB.fetch("select * from channel_installations where id = any($1::uuid[])", [i for i in ids if i])
        by_id = {row["id"]: row for row in rows}
        return [cls.from_installation(to_installation(by_id[i])) if i in by_id else None for i in ids]


@strawberry.type(name="PublicationLedgerEntry", description="发布台账条目 / an entry of the publication ledger")
class LedgerEntryType(relay.Node):
    id: relay.NodeID[str]
    recorded_at: datetime = strawberry.field(description="登记时间 / when it was recorded")
    release_id: relay.GlobalID = strawberry.field(description="稿件 / the release")
    version_number: int
    channel: str
    state: str = strawberry.field(
        description="渠道上的状态：published、pending、retracted、failed，或 manual（需人工处理）/ the state on the channel: "
        "published, pending, retracted, failed, or manual (a person must act)"
    )
    action: str = strawberry.field(description="操作：publish 发布、update 更正、retract 撤回 / publish, update (correction) or retract")
    note: str | None = strawberry.field(description="说明，如撤回原因 / a note, e.g. the reason for a retraction")
    title: str
    summary: str
    approvers: list[str] = strawberry.field(description="审批人 / who approved this content")
    content_sha256: str
    external_ids: JSON = strawberry.field(description="渠道的编号 / the channel's ids")
    url: str | None
    published_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LedgerEntryType:
        ids = row["external_ids"]
        return cls(
            id=str(row["id"]), recorded_at=row["recorded_at"], release_id=relay.GlobalID("Release", str(row["release_id"])),
            version_number=row["version_number"], channel=row["channel"], state=row["state"], action=row["action"],
            note=row["note"], title=row["title"],
            summary=row["summary"], approvers=list(row["approvers"]), content_sha256=row["content_sha256"],
            external_ids=json.loads(ids) if isinstance(ids, str) else ids, url=row["url"], published_at=row["published_at"],
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        ids = _uuids(node_ids)
        rows = await DB.fetch("select * from publication_ledger where id = any($1::uuid[])", [i for i in ids if i])
        by_id = {row["id"]: row for row in rows}
        return [cls.from_row(by_id[i]) if i in by_id else None for i in ids]
