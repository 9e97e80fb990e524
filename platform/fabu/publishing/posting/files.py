"""Checking a proof file before any channel sees it: an accepted type, within its size, and truly that type.

The content type a browser sends is only a claim; for images the first bytes say what the file is.
"""

from __future__ import annotations

from typing import Final

from fabu.channels.api import MediaRule
from fabu.errors import FabuError
from fabu.publishing.posting.errors import PostingErrorCode

_IMAGE_SIGNATURES: Final = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}


def sniffed_image_type(data: bytes) -> str | None:
    """The image type the bytes start like (JPEG, PNG, GIF, WebP), or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for kind, starts in _IMAGE_SIGNATURES.items() if data.startswith(starts)), None)


def _rule(content_type: str, rules: tuple[MediaRule, ...]) -> MediaRule:
    rule = next((rule for rule in rules if rule.matches(content_type)), None)
    if rule is None:
        allowed = "、".join(kind for rule in rules for kind in rule.content_types) or "—"
        raise FabuError(
            PostingErrorCode.FILE_TYPE_NOT_ALLOWED,
            f"该渠道的证明文件须为 {allowed}，而不是 {content_type}",
            f"the channel accepts proofs of type {allowed.replace('、', ', ')}, not {content_type}",
            field="contentType",
        )
    return rule


def _too_large(rule: MediaRule) -> FabuError:
    limit = rule.max_bytes / 1_048_576
    return FabuError(
        PostingErrorCode.FILE_TOO_LARGE,
        f"证明文件不能超过 {rule.max_bytes} 字节（{limit:.1f} MiB）",
        f"a proof file must be at most {rule.max_bytes} bytes ({limit:.1f} MiB)",
        field="contentBase64",
    )


def check_declared_proof(content_type: str, base64_length: int, rules: tuple[MediaRule, ...]) -> None:
    """Before decoding a proof sent as base64: its declared type is accepted and its length can fit.

    Four base64 characters carry three bytes (white space aside, which only makes the text longer),
    so a text longer than that for the rule's limit is refused without being decoded.
    """
    rule = _rule(content_type, rules)
    encoded = 4 * ((rule.max_bytes + 2) // 3)
    if base64_length > encoded + encoded // 10:
        # A tenth more leaves room for line breaks; the exact size is checked after decoding.
        raise _too_large(rule)


def check_proof_file(data: bytes, content_type: str, rules: tuple[MediaRule, ...]) -> None:
    """Raise a user error naming the field unless ``data`` fits one of the channel's ``proof_media`` rules."""
    rule = _rule(content_type, rules)
    if len(data) > rule.max_bytes:
        raise _too_large(rule)
    if content_type.startswith("image/") and sniffed_image_type(data) != content_type:
        raise FabuError(
            PostingErrorCode.FILE_NOT_AS_DECLARED,
            f"文件内容不是 {content_type} 图片",
            f"the file's content is not a {content_type} image",
            field="contentBase64",
        )
