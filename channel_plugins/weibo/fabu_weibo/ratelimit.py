"""When a Weibo rate-limit window resets, and a cross-worker note that it has not yet.

``account/rate_limit_status`` tells the account's remaining calls and, in
``reset_time_in_seconds``, when the hourly window resets; it does not count against the limits.
Its documented examples disagree on whether that number is a delay (v2: ``1415``) or an epoch
(v1: ``1264994122``), so a value that can only be an epoch is read as one. When it cannot be read,
the window is assumed to reset at the next full hour ("HOURS" is the documented unit).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Final

import httpx

from fabu.channels import ChannelContext, RetryableChannelError
from fabu_weibo.config import WeiboConfig

__all__ = ["block", "check_block", "seconds_until_reset"]

Context = ChannelContext[WeiboConfig]

_EPOCH_FLOOR: Final = 1_000_000_000  # a "delay" this long would be 31 years


def _next_full_hour(ctx: Context) -> float:
    now = ctx.clock()
    top = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return (top - now).total_seconds()


async def seconds_until_reset(ctx: Context) -> float:
    """Seconds until the account's rate-limit window resets, as Weibo reports it."""
    url = str(ctx.config.base_url).rstrip("/") + "/2/account/rate_limit_status.json"
    params = {"access_token": ctx.config.access_token.get_secret_value()}
    try:
        response = await ctx.http.get(url, params=params)
        value = float(json.loads(response.content)["reset_time_in_seconds"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return _next_full_hour(ctx)
    if value >= _EPOCH_FLOOR:
        value -= ctx.clock().timestamp()
    return value if value > 0 else _next_full_hour(ctx)


def _key(path: str) -> str:
    return f"weibo:rate_limited:{path}"


async def block(ctx: Context, path: str, retry_after: float) -> None:
    """Note in the shared cache that ``path`` is rate limited for ``retry_after`` seconds."""
    if ctx.cache is not None and retry_after > 0:
        until = ctx.clock().timestamp() + retry_after
        await ctx.cache.set(_key(path), str(until), ttl=retry_after)


async def check_block(ctx: Context, path: str) -> None:
    """Raise a retryable error, without calling Weibo, while ``path`` is known to be rate limited."""
    if ctx.cache is None:
        return
    entry = await ctx.cache.get(_key(path))
    if entry is None:
        return
    remaining = float(entry) - ctx.clock().timestamp()
    if remaining > 0:
        raise RetryableChannelError(
            "微博接口频次已用完（已记录），窗口重置后再发 / the Weibo rate limit was reached; waiting for the window to reset",
            retry_after=remaining,
        )
