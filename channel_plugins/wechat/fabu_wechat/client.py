"""One authenticated call to the WeChat API, every failure mapped onto the SDK's error taxonomy.

The access token goes in the query string, as WeChat requires; it is never logged or put in an
error message. JSON bodies are sent as raw UTF-8 (WeChat asks for no ``\\uXXXX`` escapes). A token
WeChat refuses is dropped and the call repeated once with a fresh one: a refused call did nothing.
When WeChat reports a daily quota exhausted, the path is blocked in the shared cache until the
quota resets, so no worker spends calls learning it again.
"""

from __future__ import annotations

import json
from typing import Any, Final

import httpx

from fabu.channels import (
    ChannelContext,
    OutcomeUnknownError,
    RetryableChannelError,
    TerminalChannelError,
    transport_errors,
)
from fabu_wechat.config import WeChatConfig
from fabu_wechat.errors import TOKEN_REJECTED, channel_error
from fabu_wechat.token import access_token, drop_token

__all__ = ["Json", "call"]

Json = dict[str, Any]
Context = ChannelContext[WeChatConfig]

_DAILY_QUOTA: Final = 45009


async def call(
    ctx: Context,
    path: str,
    *,
    idempotent: bool,
    body: Json | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
    params: dict[str, str] | None = None,
) -> Json:
    """POST to ``path`` (e.g. ``/cgi-bin/draft/add``) and return the JSON answer with ``errcode`` 0.

    Args:
        ctx: The call's context.
        path: The API path under the base URL.
        idempotent: Whether repeating the call is harmless (reads, uploads, deletes); decides what a
            lost answer means: retryable, or an unknown outcome.
        body: A JSON body.
        files: Multipart files, ``{field: (file name, bytes, content type)}``.
        params: Query parameters besides the access token.
    """
    await _check_quota_block(ctx, path)
    for attempt in range(2):
        token = await access_token(ctx)
        response = await _send(ctx, path, token.value, idempotent, body, files, params)
        data = _decode(response, idempotent)
        code = int(data.get("errcode") or 0)
        if code == 0:
            return data
        if code in TOKEN_REJECTED and attempt == 0:
            ctx.logger.info("wechat: token refused (%s) on %s; refreshing once", code, path)
            await drop_token(ctx, token)
            continue
        error = channel_error(code, str(data.get("errmsg", "")), now=ctx.clock())
        if code == _DAILY_QUOTA and isinstance(error, RetryableChannelError):
            await _block_until_reset(ctx, path, error.retry_after)
        raise error
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


async def _send(
    ctx: Context,
    path: str,
    token: str,
    idempotent: bool,
    body: Json | None,
    files: dict[str, tuple[str, bytes, str]] | None,
    params: dict[str, str] | None,
) -> httpx.Response:
    url = str(ctx.config.base_url).rstrip("/") + path
    query = {"access_token": token, **(params or {})}
    kwargs: dict[str, Any] = {}
    if files is not None:
        kwargs["files"] = files
    elif body is not None:
        kwargs["content"] = json.dumps(body, ensure_ascii=False).encode()
        kwargs["headers"] = {"Content-Type": "application/json; charset=utf-8"}
    with transport_errors(idempotent=idempotent):
        return await ctx.http.post(url, params=query, **kwargs)


def _decode(response: httpx.Response, idempotent: bool) -> Json:
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if isinstance(data, dict) and response.status_code < 500:
        return data
    what = f"HTTP {response.status_code}, {'JSON' if isinstance(data, dict) else 'no JSON'}"
    if response.status_code < 500 and response.status_code >= 400:
        raise TerminalChannelError(
            f"http_{response.status_code}", f"微信拒绝了请求 / WeChat refused the request ({what})"
        )
    if idempotent:
        raise RetryableChannelError(f"微信应答异常 / unexpected answer from WeChat ({what})")
    raise OutcomeUnknownError(f"写操作后应答异常，结果未知 / unexpected answer after a write, outcome unknown ({what})")


def _block_key(path: str) -> str:
    return f"wechat:quota_exhausted:{path}"


async def _block_until_reset(ctx: Context, path: str, retry_after: float | None) -> None:
    if ctx.cache is None or not retry_after or retry_after <= 0:
        return
    reset_at = ctx.clock().timestamp() + retry_after
    await ctx.cache.set(_block_key(path), str(reset_at), ttl=retry_after)


async def _check_quota_block(ctx: Context, path: str) -> None:
    if ctx.cache is None:
        return
    entry = await ctx.cache.get(_block_key(path))
    if entry is None:
        return
    remaining = float(entry) - ctx.clock().timestamp()
    if remaining > 0:
        raise RetryableChannelError(
            f"接口今日调用次数已用完（已记录），次日零点恢复 / daily quota of {path} already reached; resets at midnight Beijing time",
            retry_after=remaining,
        )
