"""The disclosure catalogue's category type."""

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
from fabu.graphql.releases.support import resolve_by_loader


@strawberry.type(name="DisclosureCategory", description="信息公开目录类别 / a category of the unit's disclosure catalogue")
class DisclosureCategoryType(relay.Node):
    id: relay.NodeID[str]
    code: str
    name: str
    created_at: datetime
    parent_uuid: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DisclosureCategoryType:
        return cls(id=str(row["id"]), code=row["code"], name=row["name"], created_at=row["created_at"], parent_uuid=row["parent_id"])

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await resolve_by_loader(info, dl.DisclosureCategoryByIdLoader, node_ids, cls.from_row)

    @strawberry.field(description="上级类别 / parent category")
    async def parent(self, info: Info) -> DisclosureCategoryType | None:
        if self.parent_uuid is None:
            return None
        row = await loader(info, dl.DisclosureCategoryByIdLoader).load(self.parent_uuid)
        return DisclosureCategoryType.from_row(row) if row else None

    @strawberry.field(description="下级类别 / child categories")
    async def children(self, info: Info) -> list[DisclosureCategoryType]:
        rows = await loader(info, dl.DisclosureCategoriesByParentIdLoader).load(UUID(self.id))
        return [DisclosureCategoryType.from_row(row) for row in rows]
