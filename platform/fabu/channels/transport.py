"""Map HTTP transport failures onto the channel error taxonomy, so every plugin classifies them alike.

The question each mapping answers is "could the channel have acted on the request?": a connection
that never opened certainly did not reach it (retryable); a timeout or broken connection after the
request went out may have (outcome unknown), unless the request was a read, which is safe to repeat.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from fabu.channels.api import (
    OutcomeUnknownError,
    RetryableChannelError,
    TerminalChannelError,
)

__all__ = ["retry_after_seconds", "transport_errors"]


@contextmanager
def transport_errors(*, idempotent: bool = False) -> Iterator[None]:
    """Re-raise httpx transport errors inside the block as channel errors.

    Args:
        idempotent: True for requests that are safe to repeat (reads): a failure after sending is
            then retryable instead of an unknown outcome.
    """
    try:
        yield
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise RetryableChannelError(
            f"连接渠道失败 / could not connect to the channel: {exc!r}"
        ) from exc
    except (
        httpx.UnsupportedProtocol,
        httpx.LocalProtocolError,
        httpx.ProxyError,
    ) as exc:
        raise TerminalChannelError(
            "transport", f"请求无法发出，请检查配置 / request not sendable: {exc!r}"
        ) from exc
    except httpx.TransportError as exc:
        if idempotent:
            raise RetryableChannelError(
                f"读取渠道失败 / reading from the channel failed: {exc!r}"
            ) from exc
        raise OutcomeUnknownError(
            f"请求已发出但未收到答复，结果未知 / request sent but no answer, outcome unknown: {exc!r}"
        ) from exc


def retry_after_seconds(
    response: httpx.Response, now: datetime | None = None
) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta or HTTP date), or ``None``."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
