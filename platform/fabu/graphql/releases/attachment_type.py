"""Attachments: the release's current ones (nodes) and those a version recorded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.graphql.releases import dataloaders as dl
from fabu.graphql.releases.support import download_url, resolve_by_loader
from fabu.graphql.tenancy.dataloaders import PersonByIdLoader
from fabu.graphql.tenancy.types import PersonType
from fabu.releases.content import AttachmentRef


@strawberry.type(name="ReleaseAttachment", description="稿件附件，原件存于对象存储 / an attachment; the original is in the object store")
class ReleaseAttachmentType(relay.Node):
    id: relay.NodeID[str]
    name: str
    content_type: str
    size: int = strawberry.field(description="字节数 / size in bytes")
    sha256: str = strawberry.field(description="原件的 SHA-256 / SHA-256 of the original")
    created_at: datetime
    added_by_uuid: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ReleaseAttachmentType:
        return cls(
            id=str(row["id"]), name=row["name"], content_type=row["content_type"], size=row["size"], sha256=row["sha256"],
            created_at=row["created_at"], added_by_uuid=row["added_by_person_id"],
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await resolve_by_loader(info, dl.AttachmentByIdLoader, node_ids, cls.from_row)

    @strawberry.field(description="上传人 / who added it")
    async def added_by(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.added_by_uuid)
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field(description="下载链接，15 分钟内有效 / a download link valid for 15 minutes")
    async def download_url(self, info: Info) -> str:
        return await download_url(info, self.sha256)


@strawberry.type(description="某一版本记录的附件 / an attachment as a version recorded it")
class VersionAttachment:
    name: str
    content_type: str
    size: int
    sha256: str

    @classmethod
    def from_ref(cls, ref: AttachmentRef) -> VersionAttachment:
        return cls(name=ref.name, content_type=ref.content_type, size=ref.size, sha256=ref.sha256)

    @strawberry.field(description="下载链接，15 分钟内有效 / a download link valid for 15 minutes")
    async def download_url(self, info: Info) -> str:
        return await download_url(info, self.sha256)
