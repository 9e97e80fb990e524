"""The ``PUBLISHJOBFINISH`` push: verify a request WeChat sent to the account's server URL, parse it.

Everything here is pure: :func:`read_push` takes the request and the account's settings and returns
what WeChat said, or raises :class:`InvalidMessageError`. WeChat checks the URL once with a ``GET``
(answer ``echostr`` if the signature holds), then ``POST``s XML messages; in safe mode the body
holds only ``Encrypt`` and the query adds ``encrypt_type=aes`` and ``msg_signature``; compatible
mode sends both forms, and the encrypted one is used when the key is configured. WeChat retries a
push that gets no answer in 5 seconds, so a push may arrive more than once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from fabu.channels import CallbackRequest, CallbackUpdate
from fabu_wechat.crypto import InvalidMessageError, SignatureError, decrypt, signature_matches
from fabu_wechat.states import PublishJob, report_for

__all__ = [
    "InvalidMessageError",
    "Push",
    "SignatureError",
    "parse_publish_event",
    "publish_update",
    "read_push",
]


@dataclass(frozen=True, slots=True)
class Push:
    """A verified request: the echo for the URL check, or the message's XML."""

    echo: str | None = None
    """``echostr`` to answer a URL check (``GET``) with."""
    message: bytes = b""
    """The (decrypted) XML message of a ``POST``."""


def _parse_xml(data: bytes) -> ET.Element:
    # WeChat's messages never declare a DTD; refusing one rules out entity expansion attacks.
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise InvalidMessageError("消息含 DTD / the message declares a DTD")
    try:
        return ET.fromstring(data)  # noqa: S314 - DTDs are refused above
    except ET.ParseError as error:
        raise InvalidMessageError(f"XML 无法解析 / malformed XML: {error}") from None


def read_push(
    request: CallbackRequest,
    *,
    token: str,
    app_id: str,
    encoding_aes_key: str | None = None,
) -> Push:
    """Verify ``request`` with the account's ``token`` (and decrypt it with its key); what it carries.

    Raises:
        SignatureError: The signature does not match.
        InvalidMessageError: The message cannot be read or decrypted.
    """
    query: Mapping[str, str] = request.query
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    if request.method.upper() == "GET":
        if not signature_matches(query.get("signature", ""), token, timestamp, nonce):
            raise SignatureError("签名不符 / signature mismatch")
        return Push(echo=query.get("echostr", ""))
    if query.get("encrypt_type", "raw").lower() == "aes":
        if not encoding_aes_key:
            raise InvalidMessageError(
                "收到加密消息但未配置 EncodingAESKey / encrypted push, but no EncodingAESKey configured"
            )
        encrypted = _parse_xml(request.body).findtext("Encrypt") or ""
        if not signature_matches(query.get("msg_signature", ""), token, timestamp, nonce, encrypted):
            raise SignatureError("消息签名不符 / msg_signature mismatch")
        return Push(message=decrypt(encoding_aes_key, encrypted, app_id))
    if not signature_matches(query.get("signature", ""), token, timestamp, nonce):
        raise SignatureError("签名不符 / signature mismatch")
    return Push(message=request.body)


def parse_publish_event(message: bytes) -> PublishJob | None:
    """The publish job a ``PUBLISHJOBFINISH`` event reports, or ``None`` for any other message."""
    root = _parse_xml(message)
    if (root.findtext("MsgType") or "").strip() != "event" or (
        root.findtext("Event") or ""
    ).strip() != "PUBLISHJOBFINISH":
        return None
    info = root.find("PublishEventInfo")
    if info is None:
        raise InvalidMessageError("缺少 PublishEventInfo / PublishEventInfo missing")
    try:
        status = int((info.findtext("publish_status") or "").strip())
        fail_idx = tuple(int((e.text or "").strip()) for e in info.findall("fail_idx"))
    except ValueError:
        raise InvalidMessageError("publish_status 或 fail_idx 不是数字 / not a number") from None
    urls = [(item.findtext("article_url") or "").strip() for item in info.findall("article_detail/item")]
    return PublishJob(
        publish_id=(info.findtext("publish_id") or "").strip(),
        publish_status=status,
        article_id="".join((info.findtext("article_id") or "").split()),
        article_urls=tuple(url for url in urls if url),
        fail_idx=fail_idx,
    )


def publish_update(
    request: CallbackRequest,
    *,
    token: str,
    app_id: str,
    encoding_aes_key: str | None = None,
) -> CallbackUpdate | None:
    """Verify a pushed ``POST`` and turn its ``PUBLISHJOBFINISH`` event into a status update.

    Returns ``None`` for a verified message that is not a publish result.

    Raises:
        InvalidMessageError: The request is not verifiably from WeChat for this account, or malformed.
    """
    push = read_push(request, token=token, app_id=app_id, encoding_aes_key=encoding_aes_key)
    job = parse_publish_event(push.message) if push.echo is None else None
    if job is None:
        return None
    if not job.publish_id:
        raise InvalidMessageError("缺少 publish_id / publish_id missing")
    return CallbackUpdate(external_ids={"publish_id": job.publish_id}, report=report_for(job))
