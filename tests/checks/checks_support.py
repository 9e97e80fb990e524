"""Helpers for the checks' tests: valid identity and card numbers, attachment builders.

Plain functions in a module of their own (not in conftest.py, which other test folders also
have) so that tests can import them by a name nobody else uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from io import BytesIO

import docx
import openpyxl  # type: ignore[import-untyped]  # no stubs, as in fabu.checks._extract_xlsx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from fabu.checks import resident_id_check_char

TODAY = date(2025, 6, 1)


def valid_resident_id(first17: str) -> str:
    """Complete seventeen digits with their GB 11643-1999 check character."""
    return first17 + resident_id_check_char(first17)


def luhn_complete(prefix: str) -> str:
    """Append the Luhn check digit to ``prefix``."""
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def build_docx(
    paragraphs: Sequence[str],
    *,
    header: str | None = None,
    table: Sequence[Sequence[str]] = (),
    comment: str | None = None,
    properties: Mapping[str, str] | None = None,
    deleted: str | None = None,
) -> bytes:
    """A .docx with paragraphs, and optionally a page header, a table, a comment on the first
    paragraph, core properties and a tracked deletion in the first paragraph."""
    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    added = [document.add_paragraph(text) for text in paragraphs]
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if comment is not None:
        document.add_comment(
            added[0].runs, text=comment, author="审核人", initials="SH"
        )
    # The default template names python-docx as author; a real draft names whoever wrote it.
    defaults = {"author": "", "last_modified_by": "", "title": "", "comments": ""}
    for key, value in {**defaults, **(properties or {})}.items():
        setattr(document.core_properties, key, value)
    if deleted is not None:
        revision = parse_xml(
            f'<w:del {nsdecls("w")} w:id="90" w:author="起草人" w:date="2024-03-01T10:00:00Z">'
            f"<w:r><w:delText>{deleted}</w:delText></w:r></w:del>"
        )
        added[0]._p.append(revision)  # python-docx has no API for tracked changes
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(
    rows: Sequence[Sequence[object]],
    *,
    hidden_sheet: Sequence[Sequence[object]] = (),
    hide_row: int | None = None,
    comment: tuple[str, str] | None = None,
    creator: str | None = None,
) -> bytes:
    """A .xlsx whose first sheet holds ``rows``; optionally a hidden sheet, a hidden row, a
    cell comment ``(cell, text)`` and a creator."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(list(row))
    if hide_row is not None:
        sheet.row_dimensions[hide_row].hidden = True
    if comment is not None:
        cell, text = comment
        sheet[cell].comment = openpyxl.comments.Comment(text, "审核人")
    if hidden_sheet:
        other = workbook.create_sheet("备用")
        for row in hidden_sheet:
            other.append(list(row))
        other.sheet_state = "hidden"
    workbook.properties.creator = creator or ""  # openpyxl would name itself
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def build_pdf(
    lines: Sequence[str],
    *,
    info: Mapping[str, str] | None = None,
    annotation: str | None = None,
) -> bytes:
    """A one-page PDF written by hand: each line as text in a Type0 font whose ToUnicode map
    lets text extraction recover Chinese; optional document info and a text annotation."""
    chars = sorted({c for line in lines for c in line})
    operations = ["BT", "/F1 12 Tf", "72 760 Td", "14 TL"]
    for line in lines:
        operations.append("<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj T*")
    operations.append("ET")
    content = "\n".join(operations).encode("ascii")
    cmap_lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(chars), 100):
        chunk = chars[start : start + 100]
        cmap_lines.append(f"{len(chunk)} beginbfchar")
        cmap_lines += [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk]
        cmap_lines.append("endbfchar")
    cmap_lines += [
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    cmap = "\n".join(cmap_lines).encode("ascii")
    annots = " /Annots [9 0 R]" if annotation is not None else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R{annots} >>"
        ).encode("ascii"),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
        ),
        (
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        (
            "<< "
            + " ".join(f"/{key} {_utf16(value)}" for key, value in (info or {}).items())
            + " >>"
        ).encode("ascii"),
        (
            f"<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents {_utf16(annotation or '')} >>"
        ).encode("ascii"),
    ]
    output = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info 8 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)
