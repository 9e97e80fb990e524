"""The Example channel's own behaviour, above all how it reports each kind of failure."""

from __future__ import annotations

import httpx
import pytest
from fabu_channel_example import ExampleChannel, ExampleConfig
from fake_api import FakeExampleApi

from fabu.channels import (
    AuthExpiredError,
    ChannelContext,
    OutcomeUnknownError,
    PublicationRef,
    PublicationState,
    RetryableChannelError,
    TerminalChannelError,
)
from fabu.channels.testing import sample_release

plugin = ExampleChannel()
Context = ChannelContext[ExampleConfig]


async def test_rate_limiting_is_retryable_after_the_channels_delay(
    fake_api: FakeExampleApi, channel_context: Context
) -> None:
    fake_api.fail_next = httpx.Response(
        429,
        headers={"Retry-After": "30"},
        json={"errcode": 45009, "errmsg": "slow down"},
    )

    with pytest.raises(RetryableChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert caught.value.retry_after == 30


async def test_rejected_content_is_terminal(
    fake_api: FakeExampleApi, channel_context: Context
) -> None:
    fake_api.fail_next = httpx.Response(
        400, json={"errcode": 20002, "errmsg": "含有违规内容"}
    )

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert (caught.value.code, caught.value.message) == ("20002", "含有违规内容")


async def test_a_revoked_token_is_auth_expired(
    fake_api: FakeExampleApi, channel_context: Context
) -> None:
    fake_api.fail_next = httpx.Response(
        401, json={"errcode": 40001, "errmsg": "token revoked"}
    )

    with pytest.raises(AuthExpiredError):
        await plugin.publish(channel_context, sample_release())


async def test_a_timeout_after_sending_is_unknown_and_status_finds_nothing_to_duplicate(
    fake_api: FakeExampleApi, channel_context: Context
) -> None:
    release = sample_release()
    fake_api.fail_next = httpx.ReadTimeout("no answer")

    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    report = await plugin.status(channel_context, PublicationRef.for_release(release))
    assert (
        report.state is PublicationState.NOT_FOUND
    )  # this fake dropped it, so publishing again is safe


def test_a_missing_category_is_only_a_warning() -> None:
    (finding,) = plugin.validate(sample_release(category=""))

    assert (finding.field, finding.code, finding.severity.value) == (
        "category",
        "category_missing",
        "warning",
    )
