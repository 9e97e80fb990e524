"""The PUBLISHJOBFINISH push: verified with the account's token, parsed into a status update."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from fabu.channels import CallbackRequest, ChannelContext, PublicationState, StatusReport
from fabu.channels.testing import sample_release
from fabu_wechat import InvalidMessageError, WeChatChannel, WeChatConfig, publish_update, read_push
from fabu_wechat.testing.fake import AES_KEY, APP_ID, CALLBACK_TOKEN, FakeWeChat
from fabu_wechat.testing.fake_push import signed_push

Context = ChannelContext[WeChatConfig]
plugin = WeChatChannel()


async def published_job(wechat: FakeWeChat, ctx: Context, outcome: int = 0) -> str:
    wechat.state.job_outcome = outcome
    receipt = await plugin.publish(ctx, sample_release())
    return receipt.external_ids["publish_id"]


async def test_wechats_url_check_is_answered_with_its_echo(wechat: FakeWeChat, channel_context: Context) -> None:
    request = CallbackRequest(method="GET", query=wechat.url_check("echo-123"))

    result = await plugin.callback(channel_context, request)

    assert (result.status_code, result.body, result.updates) == (200, b"echo-123", ())


@pytest.mark.parametrize("encrypted", [False, True], ids=["plaintext", "safe-mode"])
async def test_a_successful_job_push_becomes_a_published_update(
    wechat: FakeWeChat, channel_context: Context, encrypted: bool
) -> None:
    publish_id = await published_job(wechat, channel_context)
    query, body = wechat.publish_push(publish_id, encrypted=encrypted)

    result = await plugin.callback(channel_context, CallbackRequest(method="POST", query=query, body=body))

    assert (result.status_code, result.body) == (200, b"success")
    (update,) = result.updates
    (article,) = wechat.published()
    assert update.external_ids == {"publish_id": publish_id}
    assert update.report.state is PublicationState.PUBLISHED
    assert update.report.external_ids["article_id"] == article.article_id
    assert update.report.url == article.url


@pytest.mark.parametrize(
    ("outcome", "state"),
    [(2, PublicationState.FAILED), (3, PublicationState.FAILED), (4, PublicationState.FAILED)],
)
async def test_a_failed_job_push_becomes_a_failed_update(
    wechat: FakeWeChat, channel_context: Context, outcome: int, state: PublicationState
) -> None:
    publish_id = await published_job(wechat, channel_context, outcome)
    query, body = wechat.publish_push(publish_id)

    result = await plugin.callback(channel_context, CallbackRequest(method="POST", query=query, body=body))

    (update,) = result.updates
    assert update.report.state is state
    assert f"publish_status={outcome}" in update.report.message


async def test_a_push_with_a_wrong_signature_is_refused_and_changes_nothing(
    wechat: FakeWeChat, channel_context: Context
) -> None:
    publish_id = await published_job(wechat, channel_context)
    query, body = wechat.publish_push(publish_id)
    forged = {**query, "signature": "0" * 40}

    result = await plugin.callback(channel_context, CallbackRequest(method="POST", query=forged, body=body))

    assert result.status_code == 403
    assert result.updates == ()


async def test_an_encrypted_push_with_a_tampered_body_is_refused(wechat: FakeWeChat, channel_context: Context) -> None:
    publish_id = await published_job(wechat, channel_context)
    query, body = wechat.publish_push(publish_id, encrypted=True)
    tampered = body.replace(b"<Encrypt><![CDATA[", b"<Encrypt><![CDATA[A")

    result = await plugin.callback(channel_context, CallbackRequest(method="POST", query=query, body=tampered))

    assert result.status_code == 403
    assert result.updates == ()


async def test_other_messages_are_acknowledged_without_updates(wechat: FakeWeChat, channel_context: Context) -> None:
    message = b"<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>"
    query, body = signed_push(wechat.state, message, CALLBACK_TOKEN)

    result = await plugin.callback(channel_context, CallbackRequest(method="POST", query=query, body=body))

    assert (result.status_code, result.body, result.updates) == (200, b"success", ())


async def test_without_a_configured_token_every_push_is_refused(wechat: FakeWeChat, channel_context: Context) -> None:
    publish_id = await published_job(wechat, channel_context)
    query, body = wechat.publish_push(publish_id)
    config = channel_context.config.model_copy(update={"callback_token": None})
    ctx = dataclasses.replace(channel_context, config=config)

    result = await plugin.callback(ctx, CallbackRequest(method="POST", query=query, body=body))

    assert result.status_code == 403


def test_the_pure_function_verifies_and_parses_a_push_given_only_the_token() -> None:
    body = (
        b"<xml><ToUserName><![CDATA[gh_4d00ed8d6399]]></ToUserName>"
        b"<FromUserName><![CDATA[oV5CrjpxgaGXNHIQigzNlgLTnwic]]></FromUserName>"
        b"<CreateTime>1481013459</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        b"<Event><![CDATA[PUBLISHJOBFINISH]]></Event><PublishEventInfo>"
        b"<publish_id>2247503051</publish_id><publish_status>4</publish_status>"
        b"<fail_idx>1</fail_idx><fail_idx>2</fail_idx></PublishEventInfo></xml>"
    )
    # The documented scheme: sha1 of token, timestamp and nonce sorted and joined.
    signature = hashlib.sha1("".join(sorted([CALLBACK_TOKEN, "1481013459", "nonce"])).encode()).hexdigest()  # noqa: S324 - WeChat's scheme
    request = CallbackRequest(
        method="POST", query={"timestamp": "1481013459", "nonce": "nonce", "signature": signature}, body=body
    )

    update = publish_update(request, token=CALLBACK_TOKEN, app_id=APP_ID)

    assert update is not None
    assert update.external_ids == {"publish_id": "2247503051"}
    assert update.report == StatusReport(
        state=PublicationState.FAILED,
        message="平台审核不通过 / rejected by the platform's review (publish_status=4); fail_idx=1,2",
        external_ids={"publish_id": "2247503051"},
    )
    with pytest.raises(InvalidMessageError):
        publish_update(request, token="another-token", app_id=APP_ID)


def test_a_message_declaring_a_dtd_is_refused() -> None:
    body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><MsgType>&a;</MsgType></xml>'
    signature = hashlib.sha1("".join(sorted([CALLBACK_TOKEN, "1", "2"])).encode()).hexdigest()  # noqa: S324 - WeChat's scheme
    request = CallbackRequest(method="POST", query={"timestamp": "1", "nonce": "2", "signature": signature}, body=body)

    with pytest.raises(InvalidMessageError, match="DTD"):
        publish_update(request, token=CALLBACK_TOKEN, app_id=APP_ID)


def test_a_safe_mode_push_needs_the_aes_key() -> None:
    request = CallbackRequest(method="POST", query={"encrypt_type": "aes"}, body=b"<xml><Encrypt>x</Encrypt></xml>")

    with pytest.raises(InvalidMessageError, match="EncodingAESKey"):
        read_push(request, token=CALLBACK_TOKEN, app_id=APP_ID)
    with pytest.raises(InvalidMessageError):
        read_push(request, token=CALLBACK_TOKEN, app_id=APP_ID, encoding_aes_key=AES_KEY)
