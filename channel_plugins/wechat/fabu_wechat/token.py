"""The account's access token: fetched by one worker, cached for all of them with its expiry.

WeChat's access token lasts up to 7200 s and is shared by everything calling the account: fetching
it on every call would burn the fetch quota and, with the classic ``cgi-bin/token``, invalidate the
token the other workers hold. So the token lives in the shared cache (``ctx.cache``) as JSON with
its absolute expiry; a worker that finds none takes a cross-worker lock, re-reads the cache (another
worker may just have refreshed it), and only then fetches. ``stable_token`` in its normal mode
returns the same token until 5 minutes before expiry, so a token is refreshed once it has less
than :data:`REFRESH_MARGIN` seconds left (half its lifetime, for the rare short-lived one). A token WeChat rejects is dropped from the cache, but
only if it is still the one there (compare-and-delete), so a worker never discards a newer token.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final

from fabu.channels import (
    ChannelCache,
    ChannelContext,
    InMemoryCache,
    RetryableChannelError,
    cache_lock,
    transport_errors,
)
from fabu_wechat.config import WeChatConfig
from fabu_wechat.errors import channel_error

__all__ = ["REFRESH_MARGIN", "AccessToken", "access_token", "drop_token"]

REFRESH_MARGIN: Final = 300.0
"""Seconds before expiry at which a cached token counts as stale (``stable_token`` renews then)."""

_LOCK_TTL: Final = 30.0
_LOCK_WAIT: Final = 10.0
_FALLBACK: Final = InMemoryCache()

Context = ChannelContext[WeChatConfig]


@dataclass(frozen=True, slots=True)
class AccessToken:
    """A token as cached: its value and the exact cache entry, for compare-and-delete."""

    value: str
    """The ``access_token`` to put in calls."""
    entry: str
    """The cache entry holding it."""


def _cache(ctx: Context) -> tuple[ChannelCache, str]:
    # The key names the account and the API host, so staging and production never share a token.
    host = hashlib.sha256(str(ctx.config.base_url).encode()).hexdigest()[:12]
    key = f"wechat:access_token:{ctx.config.app_id}:{host}"
    if ctx.cache is not None:
        return ctx.cache, key
    # Contexts built by hand may lack a cache: keep the token per process, scoped by tenant.
    return _FALLBACK, f"{ctx.tenant_id}:{key}"


def _fresh(ctx: Context, entry: str | None) -> AccessToken | None:
    if entry is None:
        return None
    try:
        data = json.loads(entry)
        value, refresh_at = str(data["access_token"]), float(data["refresh_at"])
    except (ValueError, KeyError, TypeError):
        return None
    if refresh_at <= ctx.clock().timestamp():
        return None
    return AccessToken(value, entry)


async def access_token(ctx: Context) -> AccessToken:
    """The account's current token, from the shared cache or, if stale there, freshly fetched by one worker."""
    cache, key = _cache(ctx)
    token = _fresh(ctx, await cache.get(key))
    if token is not None:
        return token
    async with cache_lock(cache, f"{key}:lock", ttl=_LOCK_TTL, wait=_LOCK_WAIT) as held:
        token = _fresh(ctx, await cache.get(key))
        if token is not None:
            return token
        if not held:
            # The holder is stuck; fetching too is harmless with stable_token's normal mode.
            ctx.logger.warning("wechat: token lock held elsewhere for %ss; fetching anyway", _LOCK_WAIT)
        data = await _fetch(ctx)
    value, expires_in = str(data["access_token"]), float(data["expires_in"])
    now = ctx.clock().timestamp()
    usable = expires_in - min(REFRESH_MARGIN, expires_in / 2)
    entry = json.dumps({"access_token": value, "expires_at": now + expires_in, "refresh_at": now + usable})
    await cache.set(key, entry, ttl=max(usable, 1.0))
    ctx.logger.info("wechat: fetched a new access token for %s", ctx.config.app_id)
    return AccessToken(value, entry)


async def drop_token(ctx: Context, token: AccessToken) -> None:
    """Forget ``token`` because WeChat refused it, unless another worker already replaced it."""
    cache, key = _cache(ctx)
    await cache.delete(key, expected=token.entry)


async def _fetch(ctx: Context) -> dict[str, Any]:
    config = ctx.config
    base = str(config.base_url).rstrip("/")
    secret = config.app_secret.get_secret_value()
    # Fetching a token publishes nothing, so a lost answer is safe to retry.
    with transport_errors(idempotent=True):
        if config.token_endpoint == "stable_token":
            body = {
                "grant_type": "client_credential",
                "appid": config.app_id,
                "secret": secret,
                "force_refresh": False,
            }
            response = await ctx.http.post(f"{base}/cgi-bin/stable_token", json=body)
        else:
            params = {
                "grant_type": "client_credential",
                "appid": config.app_id,
                "secret": secret,
            }
            response = await ctx.http.get(f"{base}/cgi-bin/token", params=params)
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise RetryableChannelError(f"获取凭据的应答无法解析 / unreadable token answer (HTTP {response.status_code})")
    code = int(data.get("errcode") or 0)
    if code != 0:
        raise channel_error(code, str(data.get("errmsg", "")), now=ctx.clock(), token_call=True)
    if not data.get("access_token") or not data.get("expires_in"):
        raise RetryableChannelError("获取凭据的应答缺少字段 / token answer lacks fields")
    return data
