"""Recognising an attachment's format and extracting it safely.

Extraction never raises: a file that cannot be read becomes an ``attachment_unreadable``
issue (blocking: nobody has checked it), a format without an extractor an
``attachment_unsupported`` one (a warning asking a person to look), and text beyond
``max_chars`` an ``attachment_truncated`` warning. Office files are zip archives; one whose
members would unpack to more than ``max_unpacked_bytes`` is refused before parsing.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import PurePosixPath

from fabu.checks._attachment_types import (
    Attachment,
    AttachmentFormat,
    AttachmentIssue,
    ExtractedAttachment,
)
from fabu.checks._codes import CheckCode, Severity
from fabu.checks._extract_docx import extract_docx
from fabu.checks._extract_pdf import extract_pdf
from fabu.checks._extract_xlsx import extract_xlsx

DEFAULT_MAX_CHARS = 2_000_000
DEFAULT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024

_EXTENSIONS = {
    ".docx": AttachmentFormat.DOCX,
    ".xlsx": AttachmentFormat.XLSX,
    ".xlsm": AttachmentFormat.XLSX,
    ".pdf": AttachmentFormat.PDF,
    ".txt": AttachmentFormat.TEXT,
    ".csv": AttachmentFormat.TEXT,
    ".md": AttachmentFormat.TEXT,
}
_MEDIA_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": AttachmentFormat.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": AttachmentFormat.XLSX,
    "application/pdf": AttachmentFormat.PDF,
    "text/plain": AttachmentFormat.TEXT,
    "text/csv": AttachmentFormat.TEXT,
}


def detect_format(attachment: Attachment) -> AttachmentFormat | None:
    """The attachment's format from its content, else its media type, else its name."""
    data = attachment.data
    if data.startswith(b"%PDF-"):
        return AttachmentFormat.PDF
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return AttachmentFormat.DOCX
        if "xl/workbook.xml" in names:
            return AttachmentFormat.XLSX
    if attachment.media_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[attachment.media_type]
    return _EXTENSIONS.get(PurePosixPath(attachment.name).suffix.lower())


def extract_attachment(
    attachment: Attachment,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
) -> ExtractedAttachment:
    """Extract an attachment's text, metadata and comments; problems become issues, never exceptions."""
    kind = detect_format(attachment)
    if kind is None:
        return ExtractedAttachment(
            attachment.name, None, issues=(_unsupported(attachment.name),)
        )
    try:
        if kind in (AttachmentFormat.DOCX, AttachmentFormat.XLSX):
            _refuse_zip_bomb(attachment.data, max_unpacked_bytes)
        extracted = _EXTRACTORS[kind](attachment.name, attachment.data)
    except Exception as error:
        return ExtractedAttachment(
            attachment.name, kind, issues=(_unreadable(attachment.name, error),)
        )
    return _truncated(extracted, max_chars)


def _extract_text(name: str, data: bytes) -> ExtractedAttachment:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return ExtractedAttachment(
                name, AttachmentFormat.TEXT, content=data.decode(encoding)
            )
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError(
        "gb18030", data, 0, len(data), "neither UTF-8 nor GB 18030"
    )


_EXTRACTORS: dict[AttachmentFormat, Callable[[str, bytes], ExtractedAttachment]] = {
    AttachmentFormat.DOCX: extract_docx,
    AttachmentFormat.XLSX: extract_xlsx,
    AttachmentFormat.PDF: extract_pdf,
    AttachmentFormat.TEXT: _extract_text,
}


def _refuse_zip_bomb(data: bytes, limit: int) -> None:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limit:
        raise ValueError(
            f"解压后 {unpacked} 字节，超过上限 {limit} / unpacks to {unpacked} bytes, over {limit}"
        )


def _truncated(extracted: ExtractedAttachment, max_chars: int) -> ExtractedAttachment:
    if len(extracted.content) <= max_chars:
        return extracted
    issue = AttachmentIssue(
        CheckCode.ATTACHMENT_TRUNCATED,
        Severity.WARNING,
        f"附件文字超过 {max_chars} 字，仅检查了前 {max_chars} 字，其余部分请人工审核。",
        f"The attachment has more than {max_chars} characters; only the first {max_chars} were "
        "checked, a person must review the rest.",
    )
    return dataclasses.replace(
        extracted,
        content=extracted.content[:max_chars],
        issues=(*extracted.issues, issue),
    )


def _unsupported(name: str) -> AttachmentIssue:
    return AttachmentIssue(
        CheckCode.ATTACHMENT_UNSUPPORTED,
        Severity.WARNING,
        f"附件“{name}”的格式无法自动检查（支持 docx、xlsx、pdf、txt、csv），请人工审核。",
        f"The format of attachment {name!r} cannot be checked automatically "
        "(docx, xlsx, pdf, txt and csv can); a person must review it.",
    )


def _unreadable(name: str, error: Exception) -> AttachmentIssue:
    reason = f"{type(error).__name__}: {error}"[:200]
    return AttachmentIssue(
        CheckCode.ATTACHMENT_UNREADABLE,
        Severity.BLOCKING,
        f"附件“{name}”无法读取（{reason}），未经自动检查，须人工审核后方可放行。",
        f"Attachment {name!r} could not be read ({reason}); it was not checked and needs a "
        "person's review before it can pass.",
    )
