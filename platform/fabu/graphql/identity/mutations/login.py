"""login: exchange a unit code, username and password for tokens."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.identity.types import AuthTokens
from fabu.identity import sessions


@strawberry.input
class LoginInput:
    unit_code: str = strawberry.field(description="单位代码 / the unit's code")
    username: str
    password: str


@strawberry.type
class LoginPayload:
    tokens: AuthTokens | None
    errors: list[UserError]


@strawberry.mutation(description="登录 / log in")
async def login(info: Info, input: LoginInput) -> LoginPayload:
    context = info.context

    async def work() -> AuthTokens:
        pair = await sessions.login(context.settings, context.services.throttle, input.unit_code, input.username, input.password)
        return AuthTokens(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)

    # The login service writes its own audit entry: there is no viewer yet.
    outcome = await mutate(info, "identity.login", None, work)
    return LoginPayload(tokens=outcome.value, errors=outcome.errors)
