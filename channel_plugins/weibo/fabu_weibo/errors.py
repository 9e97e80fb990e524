"""Weibo's ``error_code`` answers mapped onto the SDK's error taxonomy.

Weibo answers errors as ``{"request": ..., "error_code": ..., "error": ...}`` (codes starting with
1 are system errors, 2 service errors; OAuth2 errors 213xx). The mapping per code:

* token rejected or expired (21301, 21314-21319, 21327, 21332) → :class:`AuthExpiredError`;
* rate limited (10022 per IP, 10023 per user, 10024 per user and API, 20016 posting too often) →
  retryable after the window resets (the caller computes ``retry_after``);
* busy before acting (10002, 10009) → retryable;
* failed while acting (10001, 10003, 10010, 10011): for a write the outcome is unknown;
* "repeat content" (20017, 20019) on a post: an identical post exists, perhaps from an attempt
  thought lost → unknown, so the pipeline reconciles instead of failing or posting again;
* everything else (parameters, text too long, unsafe link, images) → terminal.
"""

from __future__ import annotations

from typing import Final

from fabu.channels import (
    AuthExpiredError,
    ChannelError,
    OutcomeUnknownError,
    RetryableChannelError,
    TerminalChannelError,
)

__all__ = ["NOT_FOUND", "RATE_LIMITED", "channel_error"]

AUTH: Final = frozenset({21301, 21314, 21315, 21316, 21317, 21319, 21327, 21332})
RATE_LIMITED: Final = frozenset({10022, 10023, 10024, 20016})
"""Request-rate refusals: retry once the window resets."""
NOT_FOUND: Final = 20101
"""Target weibo does not exist."""
_BUSY: Final = frozenset({10002, 10009})
_FAILED_WHILE_ACTING: Final = frozenset({10001, 10003, 10010, 10011})
_REPEAT: Final = frozenset({20017, 20019})


def channel_error(code: int, message: str, *, idempotent: bool, retry_after: float | None = None) -> ChannelError:
    """The SDK error for Weibo's ``error_code`` ``code``.

    Args:
        code: The ``error_code``.
        message: The ``error`` text, kept as the channel's own words.
        idempotent: Whether repeating the call is harmless (reads, deletes); posting is not.
        retry_after: Seconds until a rate-limit window resets, for the rate-limit codes.
    """
    text = f"{code}: {message}"
    if code in AUTH:
        return AuthExpiredError(f"微博授权已失效，请重新授权 / the Weibo authorization is no longer valid ({text})")
    if code in RATE_LIMITED:
        return RetryableChannelError(
            f"超过微博接口频次限制，窗口重置后再发 / Weibo rate limit reached; retry after the window resets ({text})",
            retry_after=retry_after,
        )
    if code in _BUSY:
        return RetryableChannelError(f"微博服务繁忙 / Weibo is busy ({text})")
    if code in _FAILED_WHILE_ACTING:
        if not idempotent:
            return OutcomeUnknownError(
                f"微博处理时出错，结果未知 / Weibo failed while acting, outcome unknown ({text})"
            )
        return RetryableChannelError(f"微博读取出错 / Weibo failed to read ({text})")
    if code in _REPEAT and not idempotent:
        return OutcomeUnknownError(
            f"微博已有相同内容，可能是先前的尝试已发出，请核对 / an identical post exists, perhaps from an earlier attempt; reconcile ({text})"
        )
    return TerminalChannelError(str(code), message)
