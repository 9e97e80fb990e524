"""setLeader: name a department's supervising leader (分管领导) or the unit's principal leader (主要领导)."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.graphql.tenancy.types import DepartmentType, PersonType
from fabu.tenancy import services
from fabu.tenancy.roles import LeadershipKind, Role

LeadershipKindEnum = strawberry.enum(LeadershipKind, name="LeadershipKind")


@strawberry.input
class SetLeaderInput:
    person_id: relay.GlobalID
    kind: LeadershipKindEnum  # type: ignore[valid-type]
    department_id: relay.GlobalID | None = None


@strawberry.type
class SetLeaderPayload:
    ok: bool
    errors: list[UserError]


@strawberry.mutation(description="设置领导 / set a leader", extensions=requires(Role.TENANT_ADMIN))
async def set_leader(info: Info, input: SetLeaderInput) -> SetLeaderPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> str:
        person = decode_id(input.person_id, PersonType, "personId")
        department = decode_id(input.department_id, DepartmentType, "departmentId")
        assert person is not None
        await services.set_leader(viewer.tenant_id, person, LeadershipKind(input.kind), department)
        return f"{input.kind}:{department or ''}"

    outcome = await mutate(info, "tenancy.set_leader", input, work, lambda key: ("Leadership", key))
    return SetLeaderPayload(ok=not outcome.errors, errors=outcome.errors)
