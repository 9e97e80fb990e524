"""Files sent inline as base64: decoding within a size limit, a safe name and a content type."""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from dataclasses import dataclass

from fabu.errors import CommonErrorCode, FabuError
from fabu.releases.errors import ReleaseErrorCode
from fabu.releases.validation import clean_text
from fabu.storage import InvalidContentType, validate_content_type

MAX_FILE_NAME = 255
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Upload:
    """A decoded file: its name as readers will see it, its content type and its bytes."""

    name: str
    content_type: str
    data: bytes


def decode_base64(value: str, field: str, max_bytes: int) -> bytes:
    """The bytes of standard base64 ``value`` (white space ignored), at most ``max_bytes`` of them."""
    compact = _WHITESPACE.sub("", value)
    too_large = FabuError(
        ReleaseErrorCode.TOO_LARGE,
        f"文件不能超过 {max_bytes} 字节（{max_bytes / 1_048_576:.1f} MiB）",
        f"the file must be at most {max_bytes} bytes ({max_bytes / 1_048_576:.1f} MiB)",
        field=field,
    )
    # Refuse by length before decoding: four characters carry three bytes.
    if len(compact) > 4 * ((max_bytes + 2) // 3):
        raise too_large
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise FabuError(CommonErrorCode.INVALID, "文件内容不是有效的 base64 编码", "the file content is not valid base64", field=field) from None
    if len(data) > max_bytes:
        raise too_large
    if not data:
        raise FabuError(CommonErrorCode.REQUIRED, "文件为空", "the file is empty", field=field)
    return data


def file_name(value: str, field: str = "fileName") -> str:
    """A file name without any directory part, control characters or surrounding white space."""
    name = re.split(r"[/\\]", value)[-1]
    return clean_text(name, field, "文件名", "file name", MAX_FILE_NAME, required=True)


def content_type_for(name: str, given: str | None, field: str = "contentType") -> str:
    """The given content type if it is a valid media type, else one guessed from the name."""
    if given:
        try:
            return validate_content_type(given.strip())
        except InvalidContentType:
            raise FabuError(CommonErrorCode.INVALID, "文件类型格式不正确", "the content type is malformed", field=field) from None
    if name.lower().endswith(".docx"):
        return DOCX_CONTENT_TYPE
    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def read_upload(name: str, content_base64: str, content_type: str | None, max_bytes: int) -> Upload:
    """Decode and describe a file sent as ``fileName`` / ``contentBase64`` / ``contentType``."""
    cleaned = file_name(name)
    return Upload(cleaned, content_type_for(cleaned, content_type), decode_base64(content_base64, "contentBase64", max_bytes))
