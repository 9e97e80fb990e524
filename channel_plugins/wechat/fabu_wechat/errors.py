"""WeChat's ``errcode`` answers mapped onto the SDK's error taxonomy.

Every API answers HTTP 200 with ``{"errcode": ..., "errmsg": ...}`` on failure (the global return
codes). The mapping asks the taxonomy's question, "could WeChat have acted?", per code:

* token rejected (40001, 40014, 42001): the client refreshes the token once and repeats the call;
  a second rejection means the credentials themselves are wrong → :class:`AuthExpiredError`;
* credentials or IP whitelist wrong (40013, 40125, 40164, ...): a person must fix the config →
  :class:`AuthExpiredError`;
* busy (-1): WeChat says "try again later" → retryable;
* quota (45009 daily, 45011 per minute, 53501 publishing too often): retryable after the window
  resets, never at once;
* everything else (permissions 48001, comments 88000, content limits 45002-45005, ...) → terminal.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Final

from fabu.channels import (
    AuthExpiredError,
    ChannelError,
    RetryableChannelError,
    TerminalChannelError,
)

__all__ = [
    "BEIJING",
    "TOKEN_REJECTED",
    "channel_error",
    "seconds_until_quota_reset",
]

BEIJING: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
"""China Standard Time: WeChat's days (quotas, statistics) run on it."""

TOKEN_REJECTED: Final = frozenset({40001, 40014, 42001})
"""The access token was refused (invalid, not the latest, expired): refresh once and repeat."""

_CREDENTIALS: Final = {
    40001: "AppSecret 错误或凭据无效 / AppSecret wrong or credential invalid",
    40013: "AppID 不合法 / invalid AppID",
    40125: "AppSecret 不合法 / invalid AppSecret",
    40164: "调用 IP 不在白名单中 / the calling IP is not on the account's whitelist",
    40243: "AppSecret 已被冻结 / AppSecret frozen",
    41002: "缺少 AppID / AppID missing",
    41004: "缺少 AppSecret / AppSecret missing",
    89503: "此 IP 调用需要管理员确认 / an administrator must confirm calls from this IP",
    89506: "此 IP 调用已被管理员拒绝 / an administrator refused calls from this IP",
    89507: "此 IP 调用已被管理员拒绝（1 小时内） / calls from this IP refused for an hour",
}

_BUSY: Final = -1
_DAILY_QUOTA: Final = 45009
_MINUTE_QUOTA: Final = 45011
_PUBLISH_TOO_OFTEN: Final = 53501
_ONE_MINUTE: Final = 60.0


def seconds_until_quota_reset(now: datetime) -> float:
    """Seconds from ``now`` to the next midnight in Beijing, when daily quotas reset."""
    local = now.astimezone(BEIJING)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - local).total_seconds()


def channel_error(code: int, message: str, *, now: datetime, token_call: bool = False) -> ChannelError:
    """The SDK error for WeChat's ``errcode`` ``code`` (never 0).

    Args:
        code: The ``errcode``.
        message: The ``errmsg``, kept as the channel's own words.
        now: The current time, for the retry delay of quota errors.
        token_call: True when the failing call fetched the access token, so 40001 means "wrong
            AppSecret" rather than "stale token".
    """
    text = f"{code}: {message}"
    if code == _BUSY:
        return RetryableChannelError(f"微信系统繁忙，请稍后再试 / WeChat is busy, try later ({text})")
    if code == _DAILY_QUOTA:
        return RetryableChannelError(
            f"接口今日调用次数已用完，次日零点（北京时间）恢复 / daily API quota reached, resets at midnight Beijing time ({text})",
            retry_after=seconds_until_quota_reset(now),
        )
    if code in (_MINUTE_QUOTA, _PUBLISH_TOO_OFTEN):
        return RetryableChannelError(
            f"调用过于频繁，请一分钟后再试 / calls too frequent, try again in a minute ({text})",
            retry_after=_ONE_MINUTE,
        )
    if code in _CREDENTIALS and (token_call or code not in TOKEN_REJECTED):
        return AuthExpiredError(f"{_CREDENTIALS[code]} ({text})")
    if code in TOKEN_REJECTED:
        return AuthExpiredError(
            f"刷新后的访问凭据仍被拒绝，请检查 AppID/AppSecret / the refreshed access token was refused too; check AppID and AppSecret ({text})"
        )
    return TerminalChannelError(str(code), message)
