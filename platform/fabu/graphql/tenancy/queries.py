"""Tenancy queries: the viewer's unit, its departments and its people."""

from __future__ import annotations

import strawberry

from fabu.db.engine import DB
from fabu.graphql.context import Info
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.tenancy.types import DepartmentType, PersonType, UnitType


@strawberry.type
class TenancyQuery:
    @strawberry.field(description="当前用户所在单位 / the viewer's unit", extensions=requires())
    async def unit(self, info: Info) -> UnitType | None:
        row = await DB.fetchrow("select * from tenants")
        return UnitType.from_row(row) if row else None

    @strawberry.field(description="部门列表 / the unit's departments", extensions=requires())
    async def departments(self, info: Info, first: int = 50, after: str | None = None) -> Connection[DepartmentType]:
        return await keyset_page(
            table="departments", sort_column="code", first=first, after=after,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=DepartmentType.from_row,
        )

    @strawberry.field(description="人员列表 / the unit's people", extensions=requires())
    async def people(
        self, info: Info, first: int = 50, after: str | None = None, name_contains: str | None = None
    ) -> Connection[PersonType]:
        where, args = ("true", []) if not name_contains else ("name like '%' || $1 || '%'", [name_contains])
        return await keyset_page(
            table="people", sort_column="name", first=first, after=after, where=where, args=args,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=PersonType.from_row,
        )
