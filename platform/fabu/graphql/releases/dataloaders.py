"""DataLoaders for release relations: one query per relation per request, however many parents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.db.engine import DB
from fabu.graphql.loaders import grouped

Row = dict[str, Any]


async def _rows_by_id(table: str, ids: Sequence[UUID]) -> list[Row | None]:
    rows = await DB.fetch(f"select * from {table} where id = any($1::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def _rows_grouped(table: str, column: str, keys: Sequence[UUID], order: str) -> list[list[Row]]:
    rows = await DB.fetch(f"select * from {table} where {column} = any($1::uuid[]) order by {order}", list(keys))
    return grouped(rows, column, keys)


class ReleaseByIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_by_id("releases", ids))


class ReleaseVersionByIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_by_id("release_versions", ids))


class ReleaseVersionsByReleaseIdLoader(DataLoader[UUID, list[Row]]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_grouped("release_versions", "release_id", ids, order="number"))


async def _versions_by_number(keys: Sequence[tuple[UUID, int]]) -> list[Row | None]:
    rows = await DB.fetch(
        """select v.* from release_versions v join unnest($1::uuid[], $2::int[]) k(release_id, number)
           on v.release_id = k.release_id and v.number = k.number""",
        [release for release, _ in keys],
        [number for _, number in keys],
    )
    by_key = {(row["release_id"], row["number"]): row for row in rows}
    return [by_key.get(key) for key in keys]


class ReleaseVersionByReleaseIdAndNumberLoader(DataLoader[tuple[UUID, int], Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_versions_by_number)


class AttachmentByIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_by_id("release_attachments", ids))


class AttachmentsByReleaseIdLoader(DataLoader[UUID, list[Row]]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_grouped("release_attachments", "release_id", ids, order="name, id"))


class DisclosureCategoryByIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_by_id("disclosure_categories", ids))


class DisclosureCategoriesByParentIdLoader(DataLoader[UUID, list[Row]]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_grouped("disclosure_categories", "parent_id", ids, order="code, id"))

