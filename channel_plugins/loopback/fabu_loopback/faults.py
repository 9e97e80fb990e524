"""The loopback service's fault injection: what a test can make the next matching request do."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["REFUSALS", "Fault", "Injection"]


class Fault(StrEnum):
    """What the server does instead of answering normally, for one matching request."""

    RETRYABLE = "retryable"
    """Answer 503 with ``Retry-After`` without processing."""
    TERMINAL = "terminal"
    """Answer 422 ``content_rejected`` without processing."""
    AUTH = "auth"
    """Answer 401 ``token_expired`` without processing."""
    STALL = "stall"
    """Process the request, then wait ``delay`` seconds before answering (beyond the client's timeout)."""
    ERROR_AFTER_ACCEPT = "error_after_accept"
    """Process the request, then answer 500."""
    DROP = "drop"
    """Wait ``delay`` seconds, then close the connection without processing: the request never took effect."""
    SLOW_ACCEPT = "slow_accept"
    """Wait ``delay`` seconds, then process the request and answer: a client that gave up meanwhile still published."""


@dataclass
class Injection:
    """A fault armed by :meth:`LoopbackServer.fail_next`; a test can wait for it to be hit and cut a wait short.

    A fault-injection test uses it to act at an exact point of a client's call: when :meth:`wait_reached`
    returns for a ``STALL``, the post is recorded and its answer not yet sent; for a ``DROP``, the
    request has arrived and will never be processed.
    """

    fault: Fault
    method: str
    path: str
    remaining: int
    retry_after: float | None
    delay: float
    skip: int = 0
    reached: threading.Event = field(default_factory=threading.Event, repr=False)
    released: threading.Event = field(default_factory=threading.Event, repr=False)

    def wait_reached(self, timeout: float) -> bool:
        """Block until a request hit the fault (for ``STALL``: after the post was recorded, for the others:
        on arrival); False on timeout."""
        return self.reached.wait(timeout)

    def release(self) -> None:
        """End the waits of ``STALL``, ``DROP`` and ``SLOW_ACCEPT`` now, instead of after ``delay``."""
        self.released.set()


REFUSALS: dict[Fault, tuple[int, dict[str, Any]]] = {
    Fault.RETRYABLE: (
        503,
        {"code": "busy", "message": "服务繁忙，请稍后重试 / busy, try later"},
    ),
    Fault.TERMINAL: (
        422,
        {
            "code": "content_rejected",
            "message": "内容含有不允许发布的信息 / content rejected",
        },
    ),
    Fault.AUTH: (
        401,
        {"code": "token_expired", "message": "令牌已过期 / token expired"},
    ),
}
"""The answers of the faults that refuse a request without processing it."""
