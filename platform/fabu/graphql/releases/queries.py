"""Release queries: the unit's releases, newest first, and its disclosure catalogue."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from fabu.errors import FabuError
from fabu.graphql.context import Info
from fabu.graphql.ids import decode_id
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.releases.category_type import DisclosureCategoryType
from fabu.graphql.releases.support import graphql_error
from fabu.graphql.releases.types import ReleaseType
from fabu.graphql.tenancy.types import DepartmentType

# Newest first through an ascending keyset: the key counts down as creation time goes up.
RELEASES_NEWEST_FIRST = """(select r.*, lpad((9000000000000000 - (extract(epoch from r.created_at) * 1000000)::bigint)::text,
    20, '0') as recency_key from releases r) releases"""


@strawberry.type
class ReleasesQuery:
    @strawberry.field(description="稿件列表，最新在前 / the unit's releases, newest first", extensions=requires())
    async def releases(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        state: Annotated[str | None, strawberry.argument(description="流程状态 / workflow state")] = None,
        department_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="牵头或会签部门 / lead or co-department")
        ] = None,
    ) -> Connection[ReleaseType]:
        conditions, args = ["true"], list[Any]()
        if state is not None:
            args.append(state)
            conditions.append(f"workflow_state = ${len(args)}")
        try:
            department = decode_id(department_id, DepartmentType, "departmentId")
        except FabuError as error:
            raise graphql_error(error) from None
        if department is not None:
            args.append(department)
            conditions.append(f"(lead_department_id = ${len(args)} or ${len(args)} = any(co_department_ids))")
        return await keyset_page(
            table=RELEASES_NEWEST_FIRST, sort_column="recency_key", first=first, after=after,
            where=" and ".join(conditions), args=args,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=ReleaseType.from_row,
        )  # fmt: skip

    @strawberry.field(description="信息公开目录 / the unit's disclosure catalogue, by code", extensions=requires())
    async def disclosure_categories(
        self, info: Info, first: int = 100, after: str | None = None
    ) -> Connection[DisclosureCategoryType]:
        return await keyset_page(
            table="disclosure_categories", sort_column="code", first=first, after=after,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=DisclosureCategoryType.from_row,
        )  # fmt: skip
