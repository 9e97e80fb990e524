"""Relay connections over keyset pagination: every list is a connection with a capped ``first``.

Cursors are opaque (base64 of the sort key and id); a page is one SQL statement with
``limit first + 1``, so the cost of a page does not grow with how deep it is.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode
from graphql import GraphQLError

NodeT = TypeVar("NodeT")


@strawberry.type(description="分页中的一项 / an item of a page, with its cursor")
class Edge(Generic[NodeT]):
    node: NodeT
    cursor: str


@strawberry.type(description="分页结果 / a page of a list")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: relay.PageInfo

    @strawberry.field(description="本页节点 / the nodes of this page")
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]


def encode_cursor(sort_value: Any, row_id: UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps([sort_value, str(row_id)], default=str).encode()).decode()


def decode_cursor(cursor: str) -> tuple[Any, UUID]:
    try:
        sort_value, row_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return sort_value, UUID(row_id)
    except (ValueError, TypeError):
        raise GraphQLError(
            "游标无效 / invalid cursor: after", extensions={"code": str(CommonErrorCode.INVALID), "field": "after"}
        ) from None


def check_first(first: int, max_page_size: int) -> None:
    if not 0 <= first <= max_page_size:
        raise GraphQLError(
            f"first 须在 0 到 {max_page_size} 之间 / first must be between 0 and {max_page_size}",
            extensions={"code": str(CommonErrorCode.INVALID), "field": "first"},
        )


async def keyset_page(
    *,
    table: str,
    sort_column: str,
    first: int,
    after: str | None,
    max_page_size: int,
    where: str = "true",
    args: Sequence[Any] = (),
    to_node: Callable[[dict[str, Any]], NodeT],
) -> Connection[NodeT]:
    """One page of ``table`` ordered by (``sort_column``, id); ``where`` uses $1..$n of ``args``.

    ``table``, ``sort_column`` and ``where`` come from code, never from the request.
    """
    check_first(first, max_page_size)
    params = list(args)
    condition = where
    if after:
        sort_value, row_id = decode_cursor(after)
        params += [sort_value, row_id]
        n = len(params)
        condition = f"({where}) and ({sort_column}::text, id) > (${n - 1}::text, ${n}::uuid)"
    params.append(first + 1)
    # The cursor keeps the sort value as PostgreSQL writes it as text, the form the comparison above
    # uses: Python's text of a timestamp differs ("+00:00" against "+00"), and rows sharing the
    # cursor's value would be skipped.
    rows = await DB.fetch(
        f"select *, ({sort_column})::text as keyset_sort_value from {table} where {condition} "
        f"order by {sort_column}::text, id limit ${len(params)}",
        *params,
    )
    has_next = len(rows) > first
    rows = rows[:first]
    edges = []
    for row in rows:
        cursor = encode_cursor(row.pop("keyset_sort_value"), row["id"])
        edges.append(Edge(node=to_node(row), cursor=cursor))
    return Connection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
