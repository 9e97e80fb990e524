"""createPerson: a tenant admin adds a person, optionally with a local account."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.loaders import loader
from fabu.graphql.permissions import requires
from fabu.graphql.tenancy.dataloaders import PersonByIdLoader
from fabu.graphql.tenancy.types import PersonType
from fabu.identity.accounts import create_account
from fabu.tenancy import services
from fabu.tenancy.roles import Role


@strawberry.input
class CreatePersonInput:
    name: str
    title: str = ""
    email: str = ""
    username: str | None = strawberry.field(default=None, description="同时开通本地账号 / also create a local account")
    password: str | None = None


@strawberry.type
class CreatePersonPayload:
    person: PersonType | None
    errors: list[UserError]


@strawberry.mutation(description="新增人员 / add a person", extensions=requires(Role.TENANT_ADMIN))
async def create_person(info: Info, input: CreatePersonInput) -> CreatePersonPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> PersonType:
        person_id = await services.create_person(viewer.tenant_id, input.name, input.title, input.email)
        if input.username is not None:
            await create_account(info.context.settings, viewer.tenant_id, person_id, input.username, input.password or "")
        row = await loader(info, PersonByIdLoader).load(person_id)
        assert row is not None
        return PersonType.from_row(row)

    # The password never reaches the audit log, not even as part of the input digest.
    audited = {"name": input.name, "title": input.title, "email": input.email, "username": input.username}
    outcome = await mutate(info, "tenancy.create_person", audited, work, lambda p: ("Person", p.id))
    return CreatePersonPayload(person=outcome.value, errors=outcome.errors)
