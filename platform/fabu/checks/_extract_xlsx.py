"""Text, metadata, comments and hidden content of an Excel (.xlsx) workbook, with openpyxl.

Each sheet contributes its title on a line of its own, then one line per non-empty row with
cells separated by tabs. Cached values are read (``data_only``), as a reader of the file sees
them. Hidden sheets, rows and columns that hold data are reported: hidden data is published
with the file all the same. Their text is checked with the rest.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

# openpyxl ships neither type hints nor a py.typed marker; types-openpyxl is not a dependency.
import openpyxl  # type: ignore[import-untyped]

from fabu.checks._attachment_types import (
    AttachmentFormat,
    AttachmentIssue,
    ExtractedAttachment,
)
from fabu.checks._codes import CheckCode, Severity

_PROPERTIES = {
    "title": "title",
    "subject": "subject",
    "author": "creator",
    "last_modified_by": "lastModifiedBy",
    "keywords": "keywords",
    "comments": "description",
    "category": "category",
}


def extract_xlsx(name: str, data: bytes) -> ExtractedAttachment:
    """Extract a .xlsx workbook; raises on a file openpyxl cannot open."""
    workbook = openpyxl.load_workbook(BytesIO(data), data_only=True)
    lines: list[str] = []
    comments: list[str] = []
    hidden: list[str] = []
    for sheet in workbook.worksheets:
        lines.append(str(sheet.title))
        if sheet.sheet_state != "visible":
            hidden.append(f"工作表“{sheet.title}” / sheet {sheet.title!r}")
        hidden_rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
        hidden_columns = {
            key for key, dim in sheet.column_dimensions.items() if dim.hidden
        }
        rows_with_hidden_data: set[int] = set()
        columns_with_hidden_data: set[str] = set()
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                if cell.comment is not None and str(cell.comment.text).strip():
                    comments.append(str(cell.comment.text).strip())
                if cell.value is None or str(cell.value) == "":
                    continue
                cells.append(_cell_text(cell.value))
                if cell.row in hidden_rows:
                    rows_with_hidden_data.add(cell.row)
                if cell.column_letter in hidden_columns:
                    columns_with_hidden_data.add(cell.column_letter)
            if cells:
                lines.append("\t".join(cells))
        hidden += [
            f"“{sheet.title}”第{r}行 / row {r} of {sheet.title!r}"
            for r in sorted(rows_with_hidden_data)
        ]
        hidden += [
            f"“{sheet.title}”第{c}列 / column {c} of {sheet.title!r}"
            for c in sorted(columns_with_hidden_data)
        ]
    properties = workbook.properties
    metadata = {
        key: str(getattr(properties, attr, None) or "").strip()
        for key, attr in _PROPERTIES.items()
    }
    issues = []
    if hidden:
        listed = "；".join(hidden[:10]) + ("……" if len(hidden) > 10 else "")
        issues.append(
            AttachmentIssue(
                CheckCode.ATTACHMENT_HIDDEN_CONTENT,
                Severity.WARNING,
                f"附件含有隐藏的数据（{listed}），隐藏内容随文件一并公开，请删除或确认可以公开。",
                f"The workbook hides data ({listed}); hidden content is published with the file. "
                "Delete it or confirm it may be published.",
            )
        )
    return ExtractedAttachment(
        name=name,
        format=AttachmentFormat.XLSX,
        content="\n".join(lines),
        metadata={k: v for k, v in metadata.items() if v},
        comments=tuple(comments),
        issues=tuple(issues),
    )


def _cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else value.isoformat(" ")
        )
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).replace("\n", " ")
