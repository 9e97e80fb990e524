"""logout: revoke the current login session; its access and refresh tokens stop working at once."""

from __future__ import annotations

import strawberry

from fabu.errors import CommonErrorCode, FabuError
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.identity import sessions


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError]


@strawberry.mutation(description="登出 / log out", extensions=requires())
async def logout(info: Info) -> LogoutPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> str:
        if viewer.session_id is None:
            raise FabuError(CommonErrorCode.INVALID, "API 令牌不能登出，请吊销它", "an API token cannot log out; revoke it", field=None)
        await sessions.revoke_session(viewer.session_id)
        return str(viewer.session_id)

    outcome = await mutate(info, "identity.logout", None, work, lambda sid: ("LoginSession", sid))
    return LogoutPayload(ok=not outcome.errors, errors=outcome.errors)
