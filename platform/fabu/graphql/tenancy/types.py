"""GraphQL types of the tenancy domain; relations resolve through DataLoaders only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.db.engine import DB
from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.graphql.tenancy import dataloaders as dl
from fabu.tenancy.roles import Role

RoleEnum = strawberry.enum(Role, name="Role", description="角色 / role")


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


async def _resolve_by_loader(info: Info, loader_class: type, node_ids: Iterable[str], build: Any) -> list[Any]:
    ids = [_uuid_or_none(node_id) for node_id in node_ids]
    rows = await loader(info, loader_class).load_many([i for i in ids if i is not None])
    by_id = {row["id"]: row for row in rows if row is not None}
    return [build(by_id[i]) if i in by_id else None for i in ids]


@strawberry.type(name="Unit", description="单位（租户）/ a government unit, the tenant")
class UnitType(relay.Node):
    id: relay.NodeID[str]
    code: str
    name: str
    name_en: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> UnitType:
        return cls(id=str(row["id"]), code=row["code"], name=row["name"], name_en=row["name_en"])

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        # Row-level security shows only the viewer's own unit.
        rows = {str(row["id"]): row for row in await DB.fetch("select * from tenants")}
        return [cls.from_row(rows[node_id]) if node_id in rows else None for node_id in node_ids]


@strawberry.type(name="Department", description="部门 / a department of the unit")
class DepartmentType(relay.Node):
    id: relay.NodeID[str]
    code: str
    name: str
    is_office: bool = strawberry.field(description="是否为办公室（复审部门）/ whether this is the office doing second review")
    created_at: datetime
    parent_uuid: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DepartmentType:
        return cls(
            id=str(row["id"]), code=row["code"], name=row["name"], is_office=row["is_office"],
            created_at=row["created_at"], parent_uuid=row["parent_id"],
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await _resolve_by_loader(info, dl.DepartmentByIdLoader, node_ids, cls.from_row)

    @strawberry.field(description="上级部门 / parent department")
    async def parent(self, info: Info) -> DepartmentType | None:
        if self.parent_uuid is None:
            return None
        row = await loader(info, dl.DepartmentByIdLoader).load(self.parent_uuid)
        return DepartmentType.from_row(row) if row else None

    @strawberry.field(description="下级部门 / child departments")
    async def children(self, info: Info) -> list[DepartmentType]:
        rows = await loader(info, dl.ChildDepartmentsByParentIdLoader).load(UUID(self.id))
        return [DepartmentType.from_row(row) for row in rows]

    @strawberry.field(description="成员及其角色 / members and their roles")
    async def memberships(self, info: Info) -> list[MembershipType]:
        rows = await loader(info, dl.MembershipsByDepartmentIdLoader).load(UUID(self.id))
        return [MembershipType.from_row(row) for row in rows]

    @strawberry.field(description="分管领导 / the supervising leader")
    async def supervising_leader(self, info: Info) -> PersonType | None:
        leadership = await loader(info, dl.SupervisingLeaderByDepartmentIdLoader).load(UUID(self.id))
        if leadership is None:
            return None
        row = await loader(info, dl.PersonByIdLoader).load(leadership["person_id"])
        return PersonType.from_row(row) if row else None


@strawberry.type(name="Person", description="人员 / a person of the unit")
class PersonType(relay.Node):
    id: relay.NodeID[str]
    name: str
    title: str
    email: str
    active: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PersonType:
        return cls(id=str(row["id"]), name=row["name"], title=row["title"], email=row["email"], active=row["active"])

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await _resolve_by_loader(info, dl.PersonByIdLoader, node_ids, cls.from_row)

    @strawberry.field(description="任职 / the roles this person holds")
    async def memberships(self, info: Info) -> list[MembershipType]:
        rows = await loader(info, dl.MembershipsByPersonIdLoader).load(UUID(self.id))
        return [MembershipType.from_row(row) for row in rows]


@strawberry.type(name="Membership", description="任职：某人在某部门担任某角色 / a person holding a role in a department")
class MembershipType:
    role: RoleEnum  # type: ignore[valid-type]
    person_uuid: strawberry.Private[UUID]
    department_uuid: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MembershipType:
        return cls(role=Role(row["role"]), person_uuid=row["person_id"], department_uuid=row["department_id"])

    @strawberry.field
    def role_label(self) -> str:
        role = Role(self.role)
        return f"{role.label_zh} / {role.label_en}"

    @strawberry.field
    async def person(self, info: Info) -> PersonType:
        row = await loader(info, dl.PersonByIdLoader).load(self.person_uuid)
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field
    async def department(self, info: Info) -> DepartmentType:
        row = await loader(info, dl.DepartmentByIdLoader).load(self.department_uuid)
        assert row is not None
        return DepartmentType.from_row(row)
