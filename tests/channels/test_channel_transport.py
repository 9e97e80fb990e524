"""HTTP transport failures map onto the error taxonomy by one question: could the channel have acted?"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from fabu.channels import (
    ChannelError,
    OutcomeUnknownError,
    RetryableChannelError,
    TerminalChannelError,
    retry_after_seconds,
    transport_errors,
)
from fabu.channels.context import DEFAULT_TIMEOUT, open_context
from fabu.channels.testing import SAMPLE_TENANT_ID, InMemoryMedia


async def send_failing_with(error: Exception, *, idempotent: bool) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    async with httpx.AsyncClient(transport=httpx.MockTransport(fail)) as client:
        with transport_errors(idempotent=idempotent):
            await client.post("https://channel.example.test/posts")


REQUEST = httpx.Request("POST", "https://channel.example.test/posts")


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused", request=REQUEST),
        httpx.ConnectTimeout("slow", request=REQUEST),
        httpx.PoolTimeout("busy", request=REQUEST),
    ],
)
@pytest.mark.parametrize("idempotent", [False, True])
async def test_a_request_that_never_left_is_retryable(
    error: Exception, idempotent: bool
) -> None:
    with pytest.raises(RetryableChannelError):
        await send_failing_with(error, idempotent=idempotent)


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("late", request=REQUEST),
        httpx.WriteTimeout("half", request=REQUEST),
        httpx.RemoteProtocolError("cut", request=REQUEST),
        httpx.ReadError("reset", request=REQUEST),
    ],
)
async def test_a_write_that_may_have_arrived_has_an_unknown_outcome(
    error: Exception,
) -> None:
    with pytest.raises(OutcomeUnknownError):
        await send_failing_with(error, idempotent=False)


async def test_a_read_that_failed_after_sending_is_simply_retryable() -> None:
    with pytest.raises(RetryableChannelError):
        await send_failing_with(
            httpx.ReadTimeout("late", request=REQUEST), idempotent=True
        )


async def test_a_request_that_cannot_be_sent_is_terminal() -> None:
    with pytest.raises(TerminalChannelError) as caught:
        await send_failing_with(httpx.UnsupportedProtocol("ftp://"), idempotent=False)
    assert caught.value.code == "transport"


async def test_other_exceptions_pass_through_untouched() -> None:
    with pytest.raises(KeyError), transport_errors():
        raise KeyError("not a transport error")
    assert not issubclass(KeyError, ChannelError)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("Sat, 01 Mar 2025 08:01:00 GMT", 60.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_or_an_http_date(
    header: str | None, seconds: float | None
) -> None:
    response = httpx.Response(503, headers={"Retry-After": header} if header else {})

    assert (
        retry_after_seconds(response, now=datetime(2025, 3, 1, 8, 0, tzinfo=UTC))
        == seconds
    )


async def test_open_context_gives_a_client_with_timeouts_and_a_channel_logger() -> None:
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=object(),
        media=InMemoryMedia(),
        channel="wechat",
    ) as ctx:  # type: ignore[type-var]
        assert ctx.http.timeout == DEFAULT_TIMEOUT
        assert ctx.logger.name == "fabu.channels.wechat"
        assert ctx.clock().tzinfo is UTC
        client = ctx.http
    assert client.is_closed
