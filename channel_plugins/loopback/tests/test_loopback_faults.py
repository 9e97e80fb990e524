"""Each failure the service can inject maps onto the SDK's error taxonomy, and nothing is published twice."""

from __future__ import annotations

import asyncio
import time
from uuid import uuid4

import httpx
import pytest

from fabu.channels import (
    AuthExpiredError,
    ChannelContext,
    OutcomeUnknownError,
    PublicationRef,
    PublicationState,
    RetryableChannelError,
    TerminalChannelError,
    open_context,
)
from fabu.channels.testing import SAMPLE_TENANT_ID, InMemoryMedia, sample_release
from fabu_loopback import Fault, LoopbackChannel, LoopbackConfig, LoopbackServer

Context = ChannelContext[LoopbackConfig]
plugin = LoopbackChannel()


async def test_busy_service_is_retryable_with_its_retry_after_and_records_nothing(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    loopback_server.fail_next(Fault.RETRYABLE, retry_after=3)

    with pytest.raises(RetryableChannelError) as caught:
        await plugin.publish(channel_context, release)

    assert caught.value.retry_after == 3
    assert loopback_server.post_count(release.release_id) == 0
    await plugin.publish(channel_context, release)
    assert loopback_server.post_count(release.release_id) == 1


async def test_rejected_content_is_terminal_with_the_channels_code(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    loopback_server.fail_next(Fault.TERMINAL)

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert caught.value.code == "content_rejected"
    assert "内容" in caught.value.message


async def test_expired_token_and_wrong_key_raise_auth_expired(
    loopback_server: LoopbackServer,
    channel_context: Context,
    channel_media: InMemoryMedia,
) -> None:
    loopback_server.fail_next(Fault.AUTH)
    with pytest.raises(AuthExpiredError):
        await plugin.publish(channel_context, sample_release())

    wrong = LoopbackConfig(base_url=loopback_server.base_url, api_key="wrong")  # type: ignore[arg-type]
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID, config=wrong, media=channel_media
    ) as ctx:
        with pytest.raises(AuthExpiredError):
            await plugin.publish(ctx, sample_release())
    assert loopback_server.post_count(sample_release().release_id) == 0


async def test_refused_connection_is_retryable(channel_media: InMemoryMedia) -> None:
    server = LoopbackServer().start()
    server.stop()  # the port is now closed
    config = LoopbackConfig(base_url=server.base_url, api_key="k")  # type: ignore[arg-type]
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media
    ) as ctx:
        with pytest.raises(RetryableChannelError):
            await plugin.publish(ctx, sample_release())


async def test_timeout_after_the_post_is_unknown_and_status_reconciles_it_exactly_once(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    # The post is recorded, then the answer waits beyond the context's 1 s read timeout.
    loopback_server.fail_next(Fault.STALL, delay=3.0)

    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    # What the pipeline does next: never repeat, ask the channel by release.
    report = await plugin.status(channel_context, PublicationRef.for_release(release))
    assert report.state is PublicationState.PUBLISHED
    assert report.external_ids == {
        "post_id": loopback_server.posts_for(release.release_id)[0]["id"]
    }
    assert loopback_server.post_count(release.release_id) == 1


async def test_server_error_after_accepting_is_unknown_not_retryable(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    loopback_server.fail_next(Fault.ERROR_AFTER_ACCEPT)

    with pytest.raises(OutcomeUnknownError):
        await plugin.publish(channel_context, release)

    report = await plugin.status(channel_context, PublicationRef.for_release(release))
    assert report.state is PublicationState.PUBLISHED
    assert loopback_server.post_count(release.release_id) == 1


async def test_status_says_not_found_only_when_the_channel_certainly_has_nothing(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    loopback_server.fail_next(Fault.RETRYABLE)
    with pytest.raises(RetryableChannelError):
        await plugin.publish(channel_context, release)

    report = await plugin.status(channel_context, PublicationRef.for_release(release))

    assert report.state is PublicationState.NOT_FOUND


async def test_a_blind_retry_makes_a_duplicate_that_status_refuses_to_resolve(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)
    await plugin.publish(channel_context, release)  # what the pipeline must never do

    report = await plugin.status(channel_context, PublicationRef.for_release(release))

    assert loopback_server.post_count(release.release_id) == 2
    assert report.state is PublicationState.UNKNOWN
    assert "duplicate" in report.message


async def test_a_timed_out_update_is_retryable_because_a_put_is_safe_to_repeat(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release).with_ids(
        await plugin.publish(channel_context, release)
    )
    loopback_server.fail_next(Fault.STALL, method="PUT", delay=3.0)

    with pytest.raises(RetryableChannelError):
        await plugin.update(
            channel_context, release.model_copy(update={"title": "更正后的标题"}), ref
        )

    receipt = await plugin.update(
        channel_context, release.model_copy(update={"title": "更正后的标题"}), ref
    )
    assert receipt.external_ids == ref.external_ids
    assert loopback_server.posts_for(release.release_id)[0]["title"] == "更正后的标题"


async def test_an_attachment_changed_since_approval_is_refused_before_anything_is_sent(
    loopback_server: LoopbackServer,
    channel_context: Context,
    channel_media: InMemoryMedia,
) -> None:
    release = sample_release()
    channel_media.objects[release.attachments[0].key] = b"tampered"

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, release)

    assert caught.value.code == "attachment_changed"
    assert loopback_server.post_count(release.release_id) == 0


async def test_a_5xx_on_a_read_is_retryable(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release).with_ids(
        await plugin.publish(channel_context, release)
    )
    loopback_server.fail_next(Fault.ERROR_AFTER_ACCEPT, method="GET")

    with pytest.raises(RetryableChannelError):
        await plugin.status(channel_context, ref)


def test_the_service_answers_401_without_the_key(
    loopback_server: LoopbackServer,
) -> None:
    response = httpx.get(
        f"{loopback_server.base_url}/v1/posts", params={"release_id": "x"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


async def test_a_held_stall_is_reached_after_the_post_is_recorded_and_ends_on_release(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    stall = loopback_server.fail_next(Fault.STALL, delay=30.0)
    call = asyncio.create_task(plugin.publish(channel_context, release.model_copy()))

    reached = await asyncio.to_thread(stall.wait_reached, 10.0)
    recorded_while_held = loopback_server.post_count(release.release_id)
    stall.release()
    receipt = await call

    assert reached
    assert recorded_while_held == 1
    assert receipt.external_ids == {"post_id": loopback_server.posts_for(release.release_id)[0]["id"]}


async def test_a_dropped_request_is_never_processed_and_its_outcome_is_unknown(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    drop = loopback_server.fail_next(Fault.DROP, delay=30.0)
    call = asyncio.create_task(plugin.publish(channel_context, release))

    reached = await asyncio.to_thread(drop.wait_reached, 10.0)
    drop.release()
    with pytest.raises(OutcomeUnknownError):
        await call

    assert reached
    assert loopback_server.post_count(release.release_id) == 0
    report = await plugin.status(channel_context, PublicationRef.for_release(release))
    assert report.state is PublicationState.NOT_FOUND


async def test_skip_lets_the_first_matching_requests_through(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    first, second, third = (sample_release().model_copy(update={"release_id": uuid4()}) for _ in range(3))
    loopback_server.fail_next(Fault.TERMINAL, skip=2)

    await plugin.publish(channel_context, first)
    await plugin.publish(channel_context, second)
    with pytest.raises(TerminalChannelError):
        await plugin.publish(channel_context, third)

    assert [loopback_server.post_count(r.release_id) for r in (first, second, third)] == [1, 1, 0]
    assert loopback_server.total_posts() == 2


async def test_a_slow_accept_publishes_after_the_client_gave_up(
    loopback_server: LoopbackServer, channel_context: Context
) -> None:
    release = sample_release()
    slow = loopback_server.fail_next(Fault.SLOW_ACCEPT, delay=30.0)
    call = asyncio.create_task(plugin.publish(channel_context, release))

    with pytest.raises(OutcomeUnknownError):  # the context's read timeout is 1 s
        await call
    found_before = loopback_server.post_count(release.release_id)
    slow.release()
    processed = await asyncio.to_thread(_wait_for_post, loopback_server, release.release_id)

    assert found_before == 0
    assert processed


def _wait_for_post(server: LoopbackServer, release_id: object) -> bool:
    """Until the server holds a post for the release (a hang guard of 10 s, not a timing assertion)."""
    for _ in range(200):
        if server.post_count(release_id):
            return True
        time.sleep(0.05)
    return False
