"""A tenant's settings for its WeChat Official Account, shown as a form built from the JSON Schema."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, HttpUrl

from fabu.channels import ChannelConfig, Secret

__all__ = ["WeChatConfig"]


class WeChatConfig(ChannelConfig):
    """One Official Account: its developer credentials and, for the publish-result push, its server settings."""

    base_url: HttpUrl = HttpUrl("https://api.weixin.qq.com")
    """接口地址 / API base URL (configurable so tests and staging can use a fake)."""
    app_id: str = Field(min_length=1, max_length=64)
    """开发者ID（AppID） / The account's AppID."""
    app_secret: Secret
    """开发者密码（AppSecret） / The account's AppSecret."""
    token_endpoint: Literal["stable_token", "token"] = "stable_token"
    """获取凭据的接口 / Access-token API: ``stable_token`` (recommended) or the classic ``token``."""
    callback_token: Secret | None = None
    """服务器配置中的令牌（Token） / The server-config Token that signs pushed events."""
    encoding_aes_key: Secret | None = None
    """消息加解密密钥（EncodingAESKey，43 位） / The 43-character key of safe-mode (encrypted) pushes."""
    open_comment: bool = True
    """是否打开留言 / Open comments on published articles."""
    only_fans_can_comment: bool = False
    """是否仅粉丝可留言 / Only followers may comment."""
