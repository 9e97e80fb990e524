"""The signatures and the AES scheme of messages WeChat pushes to the account's server URL.

Plaintext mode signs the URL: ``signature = sha1(sorted(token, timestamp, nonce) joined)``. Safe
(and compatible) mode adds ``msg_signature = sha1(sorted(token, timestamp, nonce, Encrypt))`` over
the encrypted body, which is ``base64(AES-256-CBC(random 16 bytes | length, 4 bytes big-endian |
message | AppID))`` with ``key = base64decode(EncodingAESKey + "=")``, IV the key's first 16 bytes
and PKCS#7 padding to 32-byte blocks.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from typing import Final

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = ["InvalidMessageError", "SignatureError", "decrypt", "sign", "signature_matches"]

_BLOCK: Final = 32


class InvalidMessageError(ValueError):
    """A pushed message failed verification or decryption."""


class SignatureError(InvalidMessageError):
    """A pushed message's signature does not match: it is not from WeChat for this account."""


def sign(token: str, *parts: str) -> str:
    """WeChat's signature of ``parts`` with ``token``: SHA-1 of the sorted strings concatenated, hex."""
    return hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()  # noqa: S324 - WeChat's scheme


def signature_matches(expected: str, token: str, *parts: str) -> bool:
    """Whether ``expected`` is the signature of ``parts``, compared in constant time."""
    return hmac.compare_digest(sign(token, *parts), expected.lower())


def _key(encoding_aes_key: str) -> bytes:
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise InvalidMessageError("EncodingAESKey 须为 43 位 / EncodingAESKey must have 43 characters")
    return key


def decrypt(encoding_aes_key: str, encrypted: str, app_id: str) -> bytes:
    """The message inside ``encrypted`` (the ``Encrypt`` element), checked to be for ``app_id``."""
    key = _key(encoding_aes_key)
    try:
        data = base64.b64decode(encrypted, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidMessageError("密文不是 base64 / Encrypt is not base64") from None
    if not data or len(data) % 16:
        raise InvalidMessageError("密文长度不对 / Encrypt has a wrong length")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    pad = plain[-1]
    if not 1 <= pad <= _BLOCK or plain[-pad:] != bytes([pad]) * pad:
        raise InvalidMessageError("填充错误 / bad padding")
    plain = plain[:-pad]
    if len(plain) < 20:
        raise InvalidMessageError("明文过短 / plaintext too short")
    (length,) = struct.unpack(">I", plain[16:20])
    message, receiver = plain[20 : 20 + length], plain[20 + length :]
    if len(message) != length or receiver.decode(errors="replace") != app_id:
        raise InvalidMessageError("消息不属于本公众号 / the message is not for this account")
    return message
