"""The print-ready notice: A4 or A3, the unit's red header, the full text, the posting period and a QR code.

Everything scales with the paper, so an A3 notice is the A4 layout enlarged for reading from
further away. The CJK font is embedded as a subset; ``reportlab`` ships no type hints, hence the
``type: ignore`` on its imports and subclasses.
"""

from __future__ import annotations

import io
import threading
from typing import Any, Final, Literal
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A3, A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fabu_bulletin._fonts import CjkFont
from fabu_bulletin._notice import Notice, zh_date
from fabu_bulletin._qr import draw_qr

__all__ = ["PAPERS", "Paper", "RenderedPdf", "render_pdf"]

Paper = Literal["A4", "A3"]
PAPERS: Final[dict[Paper, tuple[float, float]]] = {"A4": A4, "A3": A3}
"""Paper sizes in points (portrait)."""
_RED: Final = HexColor("#c00000")
_GREY: Final = HexColor("#555555")
# reportlab keeps module-level state (font caches, rl_config); one document at a time is safe.
_RENDER_LOCK: Final = threading.Lock()


class RenderedPdf:
    """A rendered notice: the file's bytes and how many pages it has."""

    def __init__(self, data: bytes, pages: int) -> None:
        self.data = data
        self.pages = pages


class _Header(Flowable):  # type: ignore[misc]
    """The red header (红头): the unit's name, then a thick and a thin red rule."""

    def __init__(self, text: str, font: str, scale: float) -> None:
        super().__init__()
        self.text, self.font, self.scale = text, font, scale
        self.size = 26 * scale
        self.height = self.size + 16 * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas, k = self.canv, self.scale
        canvas.saveState()
        canvas.setFillColor(_RED)
        canvas.setStrokeColor(_RED)
        canvas.setLineWidth(0.6 * k)
        text = canvas.beginText()
        text.setTextRenderMode(2)  # fill and stroke: the bold weight the font lacks
        text.setFont(self.font, self.size)
        text.setTextOrigin((self.width - canvas.stringWidth(self.text, self.font, self.size)) / 2, 12 * k)
        text.textOut(self.text)
        canvas.drawText(text)
        canvas.setLineWidth(2.4 * k)
        canvas.line(0, 6 * k, self.width, 6 * k)
        canvas.setLineWidth(0.8 * k)
        canvas.line(0, 2.5 * k, self.width, 2.5 * k)
        canvas.restoreState()


class _Qr(Flowable):  # type: ignore[misc]
    """The QR code, a square ``size`` points wide."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.url, self.size = url, size
        self.width = self.height = size

    def draw(self) -> None:
        draw_qr(self.canv, self.url, 0, 0, self.size)


def _styles(font: str, k: float) -> dict[str, Any]:
    def style(name: str, size: float, leading: float, **extra: Any) -> Any:
        return ParagraphStyle(name, fontName=font, fontSize=size * k, leading=leading * k, wordWrap="CJK", **extra)

    return {
        "title": style("title", 22, 32, alignment=TA_CENTER, spaceBefore=14 * k, spaceAfter=6 * k),
        "number": style("number", 14, 20, alignment=TA_CENTER, spaceAfter=10 * k),
        "body": style("body", 15, 26, alignment=TA_JUSTIFY, firstLineIndent=30 * k, spaceAfter=4 * k),
        "signature": style("signature", 15, 26, alignment=TA_RIGHT),
        "box": style("box", 12, 18, alignment=TA_LEFT),
        "url": style("url", 8, 11, alignment=TA_LEFT, textColor=_GREY),
    }


def _posting_box(notice: Notice, styles: dict[str, Any], k: float, width: float) -> Any:
    period = notice.period
    lines = [
        Paragraph(f"张贴期：{zh_date(period.start)}至{zh_date(period.end)}", styles["box"]),
        Paragraph(f"请于{zh_date(period.end)}张贴期满后撤下。", styles["box"]),
    ]
    if notice.index_number:
        lines.append(Paragraph(f"索引号：{escape(notice.index_number)}", styles["box"]))
    if notice.portal_url is None:
        return Table([[lines]], colWidths=[width], style=_box_style(k))
    lines += [
        Paragraph("扫描右侧二维码查看网上原文。", styles["box"]),
        Paragraph(escape(notice.portal_url), styles["url"]),
    ]
    qr_size = 34 * mm * k
    return Table(
        [[lines, _Qr(notice.portal_url, qr_size)]],
        colWidths=[width - qr_size - 12 * k, qr_size + 12 * k],
        style=_box_style(k),
    )


def _box_style(k: float) -> Any:
    return TableStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.8 * k, _GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6 * k),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6 * k),
            ("TOPPADDING", (0, 0), (-1, -1), 6 * k),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * k),
        ]
    )


def _story(notice: Notice, font: str, k: float, width: float) -> list[Any]:
    styles = _styles(font, k)
    story: list[Any] = [_Header(notice.unit_name, font, k), Paragraph(escape(notice.title), styles["title"])]
    if notice.document_number:
        story.append(Paragraph(escape(notice.document_number), styles["number"]))
    story += [Paragraph(escape(paragraph), styles["body"]) for paragraph in notice.paragraphs]
    story.append(
        KeepTogether(
            [
                Spacer(1, 16 * k),
                Paragraph(escape(notice.signature), styles["signature"]),
                Paragraph(zh_date(notice.dated), styles["signature"]),
                Spacer(1, 18 * k),
                _posting_box(notice, styles, k, width),
            ]
        )
    )
    return story


def _build(notice: Notice, paper: Paper, font: CjkFont, total: int | None) -> RenderedPdf:
    page_width, page_height = PAPERS[paper]
    k = page_width / A4[0]
    margin = 22 * mm * k
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 8 * mm * k,
        title=notice.title,
        author=notice.unit_name,
        subject=f"公告栏通知（{paper}）/ Notice for the board ({paper})",
        creator="Fabu bulletin",
        keywords=notice.index_number,
        lang="zh-CN",
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font.name, 10 * k)
        canvas.setFillColor(_GREY)
        number = f"第 {document.page} 页" + (f"，共 {total} 页" if total else "")
        canvas.drawCentredString(page_width / 2, margin, number)
        canvas.restoreState()

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="text", showBoundary=0)
    doc.addPageTemplates([PageTemplate(id="notice", frames=[frame], onPage=footer)])
    doc.build(_story(notice, font.name, k, doc.width))
    return RenderedPdf(buffer.getvalue(), doc.page)


def render_pdf(notice: Notice, paper: Paper, font: CjkFont) -> RenderedPdf:
    """The notice on ``paper``; pages are numbered "第 N 页，共 M 页" (a first pass counts them)."""
    with _RENDER_LOCK:
        pages = _build(notice, paper, font, None).pages
        return _build(notice, paper, font, pages)
