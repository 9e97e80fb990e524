"""platformLogin: exchange a platform administrator's username and password for a platform token."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.platform.types import PlatformTokens
from fabu.identity.platform_admins import login_platform_admin, record_refused_login


@strawberry.input
class PlatformLoginInput:
    username: str
    password: str


@strawberry.type
class PlatformLoginPayload:
    tokens: PlatformTokens | None
    errors: list[UserError]


@strawberry.mutation(description="平台管理员登录 / log in as a platform administrator")
async def platform_login(info: Info, input: PlatformLoginInput) -> PlatformLoginPayload:
    context = info.context

    async def work() -> PlatformTokens:
        token = await login_platform_admin(context.settings, context.services.throttle, input.username, input.password)
        return PlatformTokens(access_token=token.access_token, expires_in=token.expires_in)

    outcome = await mutate(info, "identity.platform_login", None, work)
    if outcome.errors:  # recorded in a transaction of its own: the request may still roll back
        await record_refused_login(input.username, outcome.errors[0].code)
    return PlatformLoginPayload(tokens=outcome.value, errors=outcome.errors)
