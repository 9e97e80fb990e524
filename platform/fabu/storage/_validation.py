"""What the stores accept as keys, prefixes, content types and link lifetimes.

Both implementations apply the same rules, so a key that works on the local store works on
S3 and the other way round, and no key can name a path outside the store's namespace.
"""

from __future__ import annotations

import re
from datetime import timedelta

from fabu.storage._errors import InvalidContentType, InvalidObjectKey

#: S3's own limit on the UTF-8 length of a key.
MAX_KEY_BYTES = 1024
#: A segment becomes a file name on the local store; 255 bytes is the usual file-system limit,
#: less room for the store's one-character name tags.
MAX_SEGMENT_BYTES = 240
#: S3 (and MinIO) refuse presigned URLs valid for longer than a week.
MAX_URL_LIFETIME = timedelta(days=7)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# type "/" subtype, optionally followed by parameters; header-safe printable ASCII only.
_CONTENT_TYPE = re.compile(
    r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+([ \t]*;[\x20-\x7e]*)?"
)


def validate_key(key: str) -> str:
    """Return ``key`` if it is a safe object key.

    A key is ``/``-separated segments: not empty, not absolute, no backslash or control
    character, no empty, ``.`` or ``..`` segment, at most 1024 bytes.

    Raises:
        InvalidObjectKey: naming the rule the key breaks.
    """
    if not key:
        raise InvalidObjectKey(key, "为空", "empty")
    _check_characters(key)
    for segment in key.split("/"):
        _check_segment(key, segment)
    return key


def validate_prefix(prefix: str) -> str:
    """Return ``prefix`` if it is a safe listing prefix: empty, or a key, or a key plus ``/``."""
    if prefix:
        _check_characters(prefix)
        for segment in prefix.removesuffix("/").split("/"):
            _check_segment(prefix, segment)
    return prefix


def validate_content_type(content_type: str) -> str:
    """Return ``content_type`` if it is a media type that is safe to send as a header."""
    if not _CONTENT_TYPE.fullmatch(content_type):
        raise InvalidContentType(content_type)
    return content_type


def validate_lifetime(expires: timedelta) -> timedelta:
    """Return ``expires`` if it is a usable presigned-URL lifetime (1 second to 7 days)."""
    if not timedelta(seconds=1) <= expires <= MAX_URL_LIFETIME:
        raise ValueError(
            f"链接有效期必须在 1 秒到 7 天之间 / URL lifetime must be between 1 second and 7 days: {expires}"
        )
    return expires


def _check_characters(key: str) -> None:
    if key.startswith("/"):
        raise InvalidObjectKey(key, "不能是绝对路径", "must not be absolute")
    if "\\" in key:
        raise InvalidObjectKey(key, "不能含反斜杠", "must not contain a backslash")
    if _CONTROL.search(key):
        raise InvalidObjectKey(
            key, "不能含控制字符", "must not contain control characters"
        )
    if len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidObjectKey(
            key, f"超过 {MAX_KEY_BYTES} 字节", f"longer than {MAX_KEY_BYTES} bytes"
        )


def _check_segment(key: str, segment: str) -> None:
    if not segment:
        raise InvalidObjectKey(key, "不能含空段", "must not contain an empty segment")
    if segment in {".", ".."}:
        raise InvalidObjectKey(
            key, "不能含 . 或 .. 段", "must not contain a . or .. segment"
        )
    if len(segment.encode()) > MAX_SEGMENT_BYTES:
        raise InvalidObjectKey(
            key,
            f"某段超过 {MAX_SEGMENT_BYTES} 字节",
            f"a segment is longer than {MAX_SEGMENT_BYTES} bytes",
        )
