"""One call to the Weibo API with the account's OAuth2 token, every failure mapped onto the taxonomy.

The token is sent as the ``access_token`` parameter (query for ``GET``, form field for ``POST``)
and never logged. A token past the ``token_expires_at`` in the config is refused before any call:
Weibo would refuse it anyway, and a person must re-authorize. When Weibo says a rate limit is
reached, the path is blocked in the shared cache until the window resets (see ``ratelimit``), so
no worker spends calls learning it again.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from fabu.channels import (
    AuthExpiredError,
    ChannelContext,
    OutcomeUnknownError,
    RetryableChannelError,
    TerminalChannelError,
    transport_errors,
)
from fabu_weibo.config import WeiboConfig
from fabu_weibo.errors import RATE_LIMITED, channel_error
from fabu_weibo.ratelimit import block, check_block, seconds_until_reset

__all__ = ["WeiboApiError", "call"]

Context = ChannelContext[WeiboConfig]


class WeiboApiError(Exception):
    """Weibo answered an ``error_code``; carries it so callers can treat some codes as answers."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


async def call(
    ctx: Context,
    method: str,
    path: str,
    *,
    idempotent: bool,
    params: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
    raw_errors: frozenset[int] = frozenset(),
) -> Any:
    """Call ``path`` (e.g. ``/2/statuses/share.json``) and return its JSON answer.

    Args:
        ctx: The call's context.
        method: ``GET`` or ``POST``.
        path: The API path under the base URL.
        idempotent: Whether repeating the call is harmless (reads, deletes); posting is not.
        params: Query parameters besides the token.
        data: Form fields besides the token.
        files: Multipart files, ``{field: (file name, bytes, content type)}``.
        raw_errors: Error codes to raise as :class:`WeiboApiError` for the caller to interpret.
    """
    _check_token_expiry(ctx)
    await check_block(ctx, path)
    token = ctx.config.access_token.get_secret_value()
    url = str(ctx.config.base_url).rstrip("/") + path
    with transport_errors(idempotent=idempotent):
        if method == "GET":
            response = await ctx.http.get(url, params={**(params or {}), "access_token": token})
        else:
            form = {**(data or {}), "access_token": token}
            response = await ctx.http.post(url, data=form, files=files)
    answer = _decode(response, idempotent)
    if isinstance(answer, dict) and "error_code" in answer:
        code, message = _error_fields(answer)
        if code in raw_errors:
            raise WeiboApiError(code, message)
        retry_after = None
        if code in RATE_LIMITED:
            retry_after = await seconds_until_reset(ctx)
            await block(ctx, path, retry_after)
        raise channel_error(code, message, idempotent=idempotent, retry_after=retry_after)
    if response.status_code >= 400:
        raise TerminalChannelError(f"http_{response.status_code}", "微博拒绝了请求 / Weibo refused the request")
    return answer


def _check_token_expiry(ctx: Context) -> None:
    expires = ctx.config.token_expires_at
    if expires is not None and expires <= ctx.clock():
        raise AuthExpiredError(
            "微博授权已于 {0} 到期，请重新授权 / the Weibo authorization expired at {0}; re-authorize".format(
                expires.isoformat()
            )
        )


def _error_fields(answer: dict[str, Any]) -> tuple[int, str]:
    try:
        code = int(answer["error_code"])  # documented examples send it as a string
    except (TypeError, ValueError):
        code = -1
    return code, str(answer.get("error", ""))


def _decode(response: httpx.Response, idempotent: bool) -> Any:
    try:
        answer = json.loads(response.content)
    except ValueError:
        answer = None
    coded = isinstance(answer, dict) and "error_code" in answer
    if answer is not None and (response.status_code < 500 or coded):
        return answer
    what = f"HTTP {response.status_code}"
    if idempotent:
        raise RetryableChannelError(f"微博应答异常 / unexpected answer from Weibo ({what})")
    raise OutcomeUnknownError(f"发布后应答异常，结果未知 / unexpected answer after posting, outcome unknown ({what})")
