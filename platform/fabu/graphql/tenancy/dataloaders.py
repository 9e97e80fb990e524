"""DataLoaders for tenancy relations: one query per relation per request, however many parents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.db.engine import DB

Row = dict[str, Any]


async def _rows_by_id(table: str, ids: Sequence[UUID]) -> list[Row | None]:
    rows = await DB.fetch(f"select * from {table} where id = any($1::uuid[])", list(ids))
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]


async def _rows_grouped(table: str, column: str, keys: Sequence[UUID], order: str = "created_at, id") -> list[list[Row]]:
    rows = await DB.fetch(f"select * from {table} where {column} = any($1::uuid[]) order by {order}", list(keys))
    grouped: dict[UUID, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return [grouped.get(key, []) for key in keys]


class DepartmentByIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_by_id("departments", ids))


class PersonByIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_by_id("people", ids))


class MembershipsByPersonIdLoader(DataLoader[UUID, list[Row]]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_grouped("memberships", "person_id", ids))


class MembershipsByDepartmentIdLoader(DataLoader[UUID, list[Row]]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_grouped("memberships", "department_id", ids))


class ChildDepartmentsByParentIdLoader(DataLoader[UUID, list[Row]]):
    def __init__(self) -> None:
        super().__init__(load_fn=lambda ids: _rows_grouped("departments", "parent_id", ids, order="code, id"))


async def _supervising_leaders(department_ids: Sequence[UUID]) -> list[Row | None]:
    rows = await DB.fetch(
        "select * from leadership where kind = 'supervising' and department_id = any($1::uuid[])", list(department_ids)
    )
    by_department = {row["department_id"]: row for row in rows}
    return [by_department.get(i) for i in department_ids]


class SupervisingLeaderByDepartmentIdLoader(DataLoader[UUID, Row | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_supervising_leaders)
