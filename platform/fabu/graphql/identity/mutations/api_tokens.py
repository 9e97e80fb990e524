"""createApiToken / revokeApiToken: tokens for integrations, owned by the viewer's account."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from fabu.errors import not_found
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.identity.types import ApiTokenType
from fabu.graphql.permissions import requires
from fabu.identity import accounts


@strawberry.input
class CreateApiTokenInput:
    name: str
    expires_at: datetime | None = None


@strawberry.type
class CreateApiTokenPayload:
    api_token: ApiTokenType | None
    token: str | None = strawberry.field(description="令牌明文，仅此一次 / the secret, shown this once only")
    errors: list[UserError]


@strawberry.mutation(description="创建 API 令牌 / create an API token", extensions=requires())
async def create_api_token(info: Info, input: CreateApiTokenInput) -> CreateApiTokenPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[ApiTokenType, str]:
        token_id, secret = await accounts.create_api_token(viewer.tenant_id, viewer.account_id, input.name, input.expires_at)
        return ApiTokenType(id=strawberry.ID(str(token_id)), name=input.name.strip(), expires_at=input.expires_at), secret

    outcome = await mutate(info, "identity.create_api_token", input, work, lambda t: ("ApiToken", str(t[0].id)))
    token, secret = outcome.value if outcome.value else (None, None)
    return CreateApiTokenPayload(api_token=token, token=secret, errors=outcome.errors)


@strawberry.input
class RevokeApiTokenInput:
    id: strawberry.ID


@strawberry.type
class RevokeApiTokenPayload:
    ok: bool
    errors: list[UserError]


@strawberry.mutation(description="吊销 API 令牌 / revoke an API token", extensions=requires())
async def revoke_api_token(info: Info, input: RevokeApiTokenInput) -> RevokeApiTokenPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> str:
        try:
            token_id = UUID(str(input.id))
        except ValueError:
            raise not_found("API 令牌", "API token") from None
        await accounts.revoke_api_token(token_id, viewer.account_id)
        return str(token_id)

    outcome = await mutate(info, "identity.revoke_api_token", input, work, lambda tid: ("ApiToken", tid))
    return RevokeApiTokenPayload(ok=not outcome.errors, errors=outcome.errors)
