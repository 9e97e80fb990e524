"""createDepartment: a tenant admin adds a department to the tree."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.loaders import loader
from fabu.graphql.permissions import requires
from fabu.graphql.tenancy.dataloaders import DepartmentByIdLoader
from fabu.graphql.tenancy.types import DepartmentType
from fabu.tenancy import services
from fabu.tenancy.roles import Role


@strawberry.input
class CreateDepartmentInput:
    code: str
    name: str
    parent_id: relay.GlobalID | None = None
    is_office: bool = False


@strawberry.type
class CreateDepartmentPayload:
    department: DepartmentType | None
    errors: list[UserError]


@strawberry.mutation(description="新建部门 / create a department", extensions=requires(Role.TENANT_ADMIN))
async def create_department(info: Info, input: CreateDepartmentInput) -> CreateDepartmentPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> DepartmentType:
        parent = decode_id(input.parent_id, DepartmentType, "parentId")
        department_id = await services.create_department(viewer.tenant_id, input.code, input.name, parent, input.is_office)
        row = await loader(info, DepartmentByIdLoader).load(department_id)
        assert row is not None
        return DepartmentType.from_row(row)

    outcome = await mutate(info, "tenancy.create_department", input, work, lambda d: ("Department", d.id))
    return CreateDepartmentPayload(department=outcome.value, errors=outcome.errors)
