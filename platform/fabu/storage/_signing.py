"""HMAC-SHA256 signed download URLs for the local store.

A URL reads ``/storage/<key>?expires=<unix seconds>&signature=<hex>``. The signature covers
the key and the expiry, so neither can be changed, and it is checked in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from fabu.storage._errors import InvalidSignature, SignatureExpired
from fabu.storage._validation import validate_key, validate_lifetime

#: Path under which the web layer serves signed downloads (see ``fabu.web.storage``).
DOWNLOAD_PATH = "/storage/"
#: Secrets shorter than this are guessable offline from one signed URL.
MIN_SECRET_BYTES = 32

# Domain separation: the app's JWT secret is reused as the root secret, so derive a key that
# is used for nothing else; a download signature then can never pass as a token MAC.
_KEY_PURPOSE = b"fabu.storage.download-url.v1"
_MAX_EXPIRES_DIGITS = 12


def _utc_now() -> datetime:
    return datetime.now(UTC)


class UrlSigner:
    """Signs and verifies the local store's download URLs.

    Args:
        secret: the root secret (``settings.jwt_secret``), at least 32 bytes.
        clock: returns the current aware time; tests pass a fixed one.
    """

    def __init__(
        self, secret: str | bytes, *, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        raw = secret.encode() if isinstance(secret, str) else secret
        if len(raw) < MIN_SECRET_BYTES:
            raise ValueError(
                f"签名密钥至少 {MIN_SECRET_BYTES} 字节 / signing secret must be at least {MIN_SECRET_BYTES} bytes"
            )
        self._key = hmac.new(raw, _KEY_PURPOSE, hashlib.sha256).digest()
        self._clock = clock

    def sign(self, key: str, *, expires: timedelta) -> str:
        """Return the relative download URL of ``key``, valid for ``expires``."""
        validate_key(key)
        validate_lifetime(expires)
        expires_at = int((self._clock() + expires).timestamp())
        signature = self._signature(key, expires_at)
        return f"{DOWNLOAD_PATH}{quote(key, safe='/')}?expires={expires_at}&signature={signature}"

    def verify(self, key: str, *, expires: str | None, signature: str | None) -> None:
        """Accept a download of ``key`` with the URL's ``expires`` and ``signature`` query values.

        Raises:
            InvalidSignature: a value is missing or malformed, or the signature does not match.
            SignatureExpired: the signature matches but the expiry has passed.
        """
        if expires is None or signature is None:
            raise InvalidSignature
        if not (
            expires.isascii()
            and expires.isdigit()
            and len(expires) <= _MAX_EXPIRES_DIGITS
        ):
            raise InvalidSignature
        expected = self._signature(key, int(expires))
        # compare_digest only takes ASCII str; bytes also accept whatever a client sent.
        if not hmac.compare_digest(
            expected.encode(), signature.encode("utf-8", "replace")
        ):
            raise InvalidSignature
        # Checked after the signature so a forged URL never learns anything but "invalid".
        if int(expires) <= self._clock().timestamp():
            raise SignatureExpired

    def _signature(self, key: str, expires_at: int) -> str:
        # Keys hold no control characters and expires_at is digits, so "\n" separates unambiguously.
        message = f"GET\n{key}\n{expires_at}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
