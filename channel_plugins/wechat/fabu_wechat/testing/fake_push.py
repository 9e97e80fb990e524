"""What the fake WeChat pushes to the account's server URL: the signed ``PUBLISHJOBFINISH`` event.

Written from the documentation independently of the plugin: the XML of the "publish result event
push" page, the plaintext signature and the safe-mode scheme of the message encryption guide.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .fake_state import Job, State


def _sha1_sorted(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()  # noqa: S324 - WeChat's scheme


def event_xml(state: State, job: Job) -> bytes:
    info = [f"<publish_id>{job.publish_id}</publish_id>", f"<publish_status>{job.status}</publish_status>"]
    article = state.articles.get(job.article_id)
    if job.status == 0 and article is not None:
        info.append(f"<article_id><![CDATA[{article.article_id}]]></article_id>")
        info.append(
            "<article_detail><count>1</count><item><idx>1</idx>"
            f"<article_url><![CDATA[{article.url}]]></article_url></item></article_detail>"
        )
    info += [f"<fail_idx>{i}</fail_idx>" for i in job.fail_idx]
    return (
        "<xml><ToUserName><![CDATA[gh_4d00ed8d6399]]></ToUserName>"
        "<FromUserName><![CDATA[oV5CrjpxgaGXNHIQigzNlgLTnwic]]></FromUserName>"
        f"<CreateTime>{int(state.now())}</CreateTime>"
        "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[PUBLISHJOBFINISH]]></Event>"
        f"<PublishEventInfo>{''.join(info)}</PublishEventInfo></xml>"
    ).encode()


def _encrypt(aes_key: str, message: bytes, app_id: str) -> str:
    key = base64.b64decode(aes_key + "=")
    plain = os.urandom(16) + struct.pack(">I", len(message)) + message + app_id.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def signed_push(state: State, message: bytes, token: str, aes_key: str | None = None) -> tuple[dict[str, str], bytes]:
    """The query and body WeChat POSTs for ``message``: plaintext, or safe mode with ``aes_key``."""
    timestamp, nonce = str(int(state.now())), str(next(state.ids))
    query = {
        "signature": _sha1_sorted(token, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "openid": "oV5CrjpxgaGXNHIQigzNlgLTnwic",
    }
    if aes_key is None:
        return query, message
    encrypted = _encrypt(aes_key, message, state.app_id)
    query |= {"encrypt_type": "aes", "msg_signature": _sha1_sorted(token, timestamp, nonce, encrypted)}
    body = f"<xml><ToUserName><![CDATA[gh_4d00ed8d6399]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    return query, body.encode()


def url_check(state: State, token: str, echostr: str) -> dict[str, str]:
    """The query of WeChat's GET that checks the server URL."""
    timestamp, nonce = str(int(state.now())), str(next(state.ids))
    return {
        "signature": _sha1_sorted(token, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "echostr": echostr,
    }
