"""setDelegation: name a deputy (职务代理) for a period."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.graphql.tenancy.types import PersonType
from fabu.workflow.delegation import create_delegation


@strawberry.input
class SetDelegationInput:
    deputy_id: relay.GlobalID
    starts_at: datetime
    ends_at: datetime


@strawberry.type
class SetDelegationPayload:
    ok: bool
    errors: list[UserError]


@strawberry.mutation(description="设置职务代理 / name a deputy for a period", extensions=requires())
async def set_delegation(info: Info, input: SetDelegationInput) -> SetDelegationPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> str:
        deputy = decode_id(input.deputy_id, PersonType, "deputyId")
        assert deputy is not None
        delegation = await create_delegation(viewer.tenant_id, viewer.person_id, deputy, input.starts_at, input.ends_at)
        return str(delegation)

    outcome = await mutate(info, "workflow.set_delegation", input, work, lambda d: ("Delegation", d))
    return SetDelegationPayload(ok=not outcome.errors, errors=outcome.errors)
