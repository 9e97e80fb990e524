"""A tenant's settings for its Weibo account, shown as a form built from the JSON Schema."""

from __future__ import annotations

from pydantic import AwareDatetime, Field, HttpUrl

from fabu.channels import ChannelConfig, Secret

__all__ = ["WeiboConfig"]


class WeiboConfig(ChannelConfig):
    """One Weibo account, authorized for the unit's Weibo app through OAuth2."""

    base_url: HttpUrl = HttpUrl("https://api.weibo.com")
    """接口地址 / API base URL (configurable so tests and staging can use a fake)."""
    access_token: Secret
    """OAuth2 访问令牌（access_token） / The account's OAuth2 access token."""
    token_expires_at: AwareDatetime | None = None
    """令牌到期时间（授权时的 expires_in 推算） / When the token expires, from the grant's expires_in."""
    safe_domains: tuple[str, ...] = ()
    """应用绑定的安全域名，如 www.example.gov.cn / The app's bound safe domains; the portal link must be under one."""
    settle_seconds: int = Field(default=600, ge=0)
    """核对未知结果前等待的秒数 / Seconds after an attempt before a search may conclude "not posted"."""
