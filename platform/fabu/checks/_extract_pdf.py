"""Text, metadata and annotations of a PDF file, with pypdf."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from fabu.checks._attachment_types import (
    AttachmentFormat,
    AttachmentIssue,
    ExtractedAttachment,
)
from fabu.checks._codes import CheckCode, Severity

_PROPERTIES = {
    "title": "/Title",
    "subject": "/Subject",
    "author": "/Author",
    "keywords": "/Keywords",
    "creator": "/Creator",
}


class EncryptedPdfError(ValueError):
    """A PDF that cannot be opened without a password."""


def extract_pdf(name: str, data: bytes) -> ExtractedAttachment:
    """Extract a PDF; raises on a file pypdf cannot read or decrypt."""
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise EncryptedPdfError("PDF 已加密 / the PDF is encrypted")
    pages = [page.extract_text() or "" for page in reader.pages]
    comments = []
    for page in reader.pages:
        annotations = page.get("/Annots")
        for reference in annotations.get_object() if annotations is not None else ():
            annotation = reference.get_object()
            if isinstance(annotation, DictionaryObject):
                contents = annotation.get("/Contents")
                if contents is not None and str(contents).strip():
                    comments.append(str(contents).strip())
    info = reader.metadata
    metadata = {
        key: str(info.get(pdf_key) or "").strip() if info is not None else ""
        for key, pdf_key in _PROPERTIES.items()
    }
    content = "\n".join(text.strip("\n") for text in pages)
    issues = []
    if reader.pages and not content.strip():
        issues.append(
            AttachmentIssue(
                CheckCode.ATTACHMENT_UNSUPPORTED,
                Severity.WARNING,
                "附件PDF没有可提取的文字（可能为扫描件），无法自动检查，请人工审核。",
                "The PDF has no extractable text (probably scanned) and cannot be checked "
                "automatically; a person must review it.",
            )
        )
    return ExtractedAttachment(
        name=name,
        format=AttachmentFormat.PDF,
        content=content,
        metadata={k: v for k, v in metadata.items() if v},
        comments=tuple(comments),
        issues=tuple(issues),
    )
