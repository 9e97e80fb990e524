"""refreshToken: rotate a refresh token for a new access token."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.identity.types import AuthTokens
from fabu.identity import sessions


@strawberry.input
class RefreshTokenInput:
    refresh_token: str


@strawberry.type
class RefreshTokenPayload:
    tokens: AuthTokens | None
    errors: list[UserError]


@strawberry.mutation(description="刷新令牌 / rotate the refresh token")
async def refresh_token(info: Info, input: RefreshTokenInput) -> RefreshTokenPayload:
    async def work() -> AuthTokens:
        pair = await sessions.refresh(info.context.settings, input.refresh_token)
        return AuthTokens(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)

    try:
        outcome = await mutate(info, "identity.refresh", None, work)
    except sessions.RefreshReuseDetected as reuse:
        # A rotated token came back: revoke the session and let that commit with the error.
        await sessions.revoke_session(reuse.session_id)
        return RefreshTokenPayload(tokens=None, errors=[UserError.from_error(reuse.as_user_error())])
    return RefreshTokenPayload(tokens=outcome.value, errors=outcome.errors)
