"""Text, metadata, comments and revisions of a Word (.docx) file, with python-docx."""

from __future__ import annotations

from io import BytesIO

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from fabu.checks._attachment_types import (
    AttachmentFormat,
    AttachmentIssue,
    ExtractedAttachment,
)
from fabu.checks._codes import CheckCode, Severity

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PROPERTIES = (
    "title",
    "subject",
    "author",
    "last_modified_by",
    "keywords",
    "comments",
    "category",
)


def extract_docx(name: str, data: bytes) -> ExtractedAttachment:
    """Extract a .docx file; raises on a file python-docx cannot open."""
    document = docx.Document(BytesIO(data))
    lines = [*_header_lines(document), *_body_lines(document), *_footer_lines(document)]
    body = document.element.body
    lines += [
        "".join(t.text or "" for t in box.iter(f"{_W}t"))
        for box in body.iter(f"{_W}txbxContent")
    ]
    properties = document.core_properties
    metadata = {key: str(getattr(properties, key) or "").strip() for key in _PROPERTIES}
    comments = tuple(
        comment.text for comment in document.comments if comment.text.strip()
    )
    deleted = "".join(t.text or "" for t in body.iter(f"{_W}delText"))
    issues = []
    if any(True for _ in body.iter(f"{_W}ins", f"{_W}del")):
        issues.append(
            AttachmentIssue(
                CheckCode.ATTACHMENT_REVISIONS,
                Severity.WARNING,
                "附件含有未接受的修订痕迹，删除的文字仍保存在文件中，请接受或拒绝全部修订后再发布。",
                "The attachment has tracked changes; deleted text is still in the file. "
                "Accept or reject all changes before publishing.",
            )
        )
    return ExtractedAttachment(
        name=name,
        format=AttachmentFormat.DOCX,
        content="\n".join(line for line in lines if line.strip()),
        metadata={k: v for k, v in metadata.items() if v},
        comments=comments,
        hidden_text=deleted,
        issues=tuple(issues),
    )


def _header_lines(document: Document) -> list[str]:
    seen: set[int] = set()
    lines = []
    for section in document.sections:
        for header in (
            section.first_page_header,
            section.header,
            section.even_page_header,
        ):
            if header.is_linked_to_previous or id(header.part) in seen:
                continue
            seen.add(id(header.part))
            lines += [p.text for p in header.paragraphs]
    return lines


def _footer_lines(document: Document) -> list[str]:
    seen: set[int] = set()
    lines = []
    for section in document.sections:
        for footer in (
            section.first_page_footer,
            section.footer,
            section.even_page_footer,
        ):
            if footer.is_linked_to_previous or id(footer.part) in seen:
                continue
            seen.add(id(footer.part))
            lines += [p.text for p in footer.paragraphs]
    return lines


def _body_lines(document: Document) -> list[str]:
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines += _table_lines(block)
    return lines


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans; python-docx offers no
            # public identity for the underlying <w:tc>, hence the private attribute.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.replace("\n", " "))
        lines.append("\t".join(cells))
    return lines
