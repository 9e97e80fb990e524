"""What an attachment is, and what extracting it yields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from fabu.checks._codes import CheckCode, Severity


class AttachmentFormat(StrEnum):
    """The formats whose text and metadata can be extracted."""

    DOCX = "docx"
    XLSX = "xlsx"
    PDF = "pdf"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to a release: its name (as shown to readers) and its bytes."""

    name: str
    data: bytes
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentIssue:
    """Something about the file itself (hidden sheets, comments, unreadable...), not its text."""

    code: CheckCode
    severity: Severity
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class ExtractedAttachment:
    """The checkable parts of an attachment.

    Attributes:
        content: the text, page header(s) first so that markings there fall in the header zone.
        metadata: document properties that carry text (title, author, last_modified_by, ...).
        comments: reviewers' comments/annotations, each as its own text.
        hidden_text: text the file keeps but does not show: deleted tracked changes. (Hidden
            sheets, rows and columns of a workbook stay in ``content``.)
        issues: findings about the file as such.
    """

    name: str
    format: AttachmentFormat | None
    content: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    comments: tuple[str, ...] = ()
    hidden_text: str = ""
    issues: tuple[AttachmentIssue, ...] = ()
