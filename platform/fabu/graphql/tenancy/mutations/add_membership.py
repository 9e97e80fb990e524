"""addMembership: give a person a role in a department."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.graphql.tenancy.types import DepartmentType, MembershipType, PersonType, RoleEnum
from fabu.tenancy import services
from fabu.tenancy.roles import Role


@strawberry.input
class AddMembershipInput:
    person_id: relay.GlobalID
    department_id: relay.GlobalID
    role: RoleEnum  # type: ignore[valid-type]


@strawberry.type
class AddMembershipPayload:
    membership: MembershipType | None
    errors: list[UserError]


@strawberry.mutation(description="任命角色 / give a person a role in a department", extensions=requires(Role.TENANT_ADMIN))
async def add_membership(info: Info, input: AddMembershipInput) -> AddMembershipPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> MembershipType:
        person = decode_id(input.person_id, PersonType, "personId")
        department = decode_id(input.department_id, DepartmentType, "departmentId")
        assert person is not None
        assert department is not None
        await services.add_membership(viewer.tenant_id, person, department, Role(input.role))
        return MembershipType(role=Role(input.role), person_uuid=person, department_uuid=department)

    outcome = await mutate(
        info, "tenancy.add_membership", input, work, lambda m: ("Membership", f"{m.person_uuid}:{m.department_uuid}:{m.role}")
    )
    return AddMembershipPayload(membership=outcome.value, errors=outcome.errors)
