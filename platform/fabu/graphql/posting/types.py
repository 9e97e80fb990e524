"""GraphQL types of proofs of posting and of channel reminders."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.channels.api import ProofKind
from fabu.db.engine import DB
from fabu.graphql.context import Info
from fabu.publishing.posting import RecordedProof


@strawberry.enum(name="PostingProofKind", description="证明所示 / what a proof shows")
class PostingProofKind(Enum):
    """The SDK's :class:`~fabu.channels.api.ProofKind`, value for value."""

    POSTED = strawberry.enum_value(ProofKind.POSTED.value, description="已张贴 / posted")
    REMOVED = strawberry.enum_value(ProofKind.REMOVED.value, description="已撤下 / taken down")


def _uuid(node_id: str) -> UUID | None:
    try:
        return UUID(node_id)
    except ValueError:
        return None


@strawberry.type(name="PostingProof", description="登记的张贴证明 / a recorded proof of posting")
class PostingProofType:
    kind: PostingProofKind = strawberry.field(description="证明所示 / what it shows")
    object_key: str = strawberry.field(description="文件在本单位对象存储中的键（按 SHA-256）/ the file's key in the unit's store, by SHA-256")
    sha256: str
    size: int
    content_type: str
    channel_state: str = strawberry.field(description="渠道所述的发布状态 / where the channel says the publication stands")
    channel_message: str = strawberry.field(description="渠道的说明（中文 / English）/ the channel's words")

    @classmethod
    def from_recorded(cls, recorded: RecordedProof) -> PostingProofType:
        kind = PostingProofKind[ProofKind(recorded.ledger_entry["state"]).name]
        return cls(
            kind=kind, object_key=recorded.object_key, sha256=recorded.sha256, size=recorded.size,
            content_type=recorded.content_type, channel_state=recorded.receipt.state.value,
            channel_message=str(recorded.receipt.message),
        )  # fmt: skip

    @classmethod
    def from_ledger(cls, entry: Mapping[str, Any]) -> PostingProofType:
        """The proof as its ledger entry recorded it (the entry's receipt holds the file and the channel's answer)."""
        raw = entry["receipt"]
        details: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else raw
        return cls(
            kind=PostingProofKind[ProofKind(entry["state"]).name], object_key=details["object_key"], sha256=details["sha256"],
            size=details["size"], content_type=details["content_type"], channel_state=details["channel_state"],
            channel_message=details["channel_message"],
        )  # fmt: skip


@strawberry.type(name="PostingReminder", description="渠道提醒发布人员要做的事，如到期撤下公告 / something a channel reminds publishers to do")
class PostingReminderType(relay.Node):
    id: relay.NodeID[str]
    channel: str = strawberry.field(description="渠道插件名 / the plugin's name")
    release_id: relay.GlobalID = strawberry.field(description="稿件 / the release")
    due_at: datetime = strawberry.field(description="须于何时前办理（已过即逾期）/ when it is due; past means overdue")
    message: str = strawberry.field(description="中文 / English")
    message_zh: str
    message_en: str
    settled_by: PostingProofKind | None = strawberry.field(description="办结所需的证明 / the proof that settles it, if any")
    reminded_at: datetime = strawberry.field(description="首次提醒时间 / when people were told")
    resolved_at: datetime | None = strawberry.field(description="办结时间 / when it was settled")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PostingReminderType:
        return cls(
            id=str(row["id"]), channel=row["channel"], release_id=relay.GlobalID("Release", str(row["release_id"])),
            due_at=row["due_at"], message=f"{row['message_zh']} / {row['message_en']}", message_zh=row["message_zh"],
            message_en=row["message_en"], settled_by=PostingProofKind[ProofKind(row["settled_by"]).name] if row["settled_by"] else None,
            reminded_at=row["reminded_at"], resolved_at=row["resolved_at"],
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        ids = [_uuid(node_id) for node_id in node_ids]
        rows = await DB.fetch("select * from posting_reminders where id = any($1::uuid[])", [i for i in ids if i])
        by_id = {row["id"]: row for row in rows}
        return [cls.from_row(by_id[i]) if i in by_id else None for i in ids]
