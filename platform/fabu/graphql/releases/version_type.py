"""An immutable version of a release: its content as saved, its number, author and SHA-256."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.graphql.releases import dataloaders as dl
from fabu.graphql.releases.attachment_type import VersionAttachment
from fabu.graphql.releases.category_type import DisclosureCategoryType
from fabu.graphql.releases.enums import ImportanceEnum, SensitivityEnum, VersionKindEnum
from fabu.graphql.releases.source_type import ReleaseSource
from fabu.graphql.releases.support import resolve_by_loader
from fabu.graphql.releases.variant_type import ReleaseVariant
from fabu.graphql.tenancy.dataloaders import DepartmentByIdLoader, PersonByIdLoader
from fabu.graphql.tenancy.types import DepartmentType, PersonType
from fabu.releases.content import ReleaseContent, canonical_json
from fabu.releases.kinds import VersionKind


@strawberry.type(name="ReleaseVersion", description="稿件的一个不可变版本 / an immutable version of a release")
class ReleaseVersionType(relay.Node):
    id: relay.NodeID[str]
    number: int = strawberry.field(description="版本号，从 1 起 / the version number, from 1")
    kind: VersionKindEnum  # type: ignore[valid-type]
    sha256: str = strawberry.field(description="内容规范 JSON 的 SHA-256，审批意见与之绑定 / SHA-256 of the canonical content JSON")
    created_at: datetime
    author_uuid: strawberry.Private[UUID]
    document: strawberry.Private[dict[str, Any]]
    content: strawberry.Private[ReleaseContent]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ReleaseVersionType:
        document = row["content"]
        if isinstance(document, str):
            document = json.loads(document)
        return cls(
            id=str(row["id"]), number=row["number"], kind=VersionKind(row["kind"]), sha256=row["sha256"],
            created_at=row["created_at"], author_uuid=row["author_person_id"], document=document,
            content=ReleaseContent.from_document(document),
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await resolve_by_loader(info, dl.ReleaseVersionByIdLoader, node_ids, cls.from_row)

    @strawberry.field(description="作者 / who saved this version")
    async def author(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.author_uuid)
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field(description="规范 JSON，可据此复算 sha256 / the canonical JSON the sha256 is computed over")
    def canonical_json(self) -> str:
        return canonical_json(self.document).decode()

    @strawberry.field
    def title(self) -> str:
        return self.content.fields.title

    @strawberry.field
    def summary(self) -> str:
        return self.content.fields.summary

    @strawberry.field(description="经过净化的 HTML 正文 / the sanitized HTML body")
    def body_html(self) -> str:
        return self.content.fields.body_html

    @strawberry.field
    def importance(self) -> ImportanceEnum:
        return ImportanceEnum(self.content.fields.importance.value)

    @strawberry.field
    def sensitivity(self) -> SensitivityEnum:
        return SensitivityEnum(self.content.fields.sensitivity.value)

    @strawberry.field
    def channels(self) -> list[str]:
        return list(self.content.fields.channels)

    @strawberry.field
    def scheduled_at(self) -> datetime | None:
        return self.content.fields.scheduled_at

    @strawberry.field(description="各渠道的专属内容 / the per-channel variants")
    def variants(self) -> list[ReleaseVariant]:
        return [ReleaseVariant.from_variant(variant) for variant in self.content.fields.variants]

    @strawberry.field
    def sources(self) -> list[ReleaseSource]:
        return [ReleaseSource.from_source(source) for source in self.content.fields.sources]

    @strawberry.field
    def attachments(self) -> list[VersionAttachment]:
        return [VersionAttachment.from_ref(ref) for ref in self.content.attachments]

    @strawberry.field
    async def category(self, info: Info) -> DisclosureCategoryType | None:
        category = self.content.fields.category_id
        row = await loader(info, dl.DisclosureCategoryByIdLoader).load(category) if category else None
        return DisclosureCategoryType.from_row(row) if row else None

    @strawberry.field
    async def lead_department(self, info: Info) -> DepartmentType:
        row = await loader(info, DepartmentByIdLoader).load(self.content.fields.lead_department_id)
        assert row is not None
        return DepartmentType.from_row(row)

    @strawberry.field
    async def co_departments(self, info: Info) -> list[DepartmentType]:
        rows = await loader(info, DepartmentByIdLoader).load_many(list(self.content.fields.co_department_ids))
        return [DepartmentType.from_row(row) for row in rows if row is not None]
