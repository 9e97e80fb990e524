"""The QR code on a notice, linking to the portal page: vector squares in the PDF, SVG on the signage page."""

from __future__ import annotations

from functools import lru_cache

import segno
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

__all__ = ["QUIET_ZONE", "draw_qr", "qr_matrix", "qr_svg"]

QUIET_ZONE = 4
"""Light modules around the symbol, as ISO/IEC 18004 requires for reliable scanning."""


@lru_cache(maxsize=64)
def _code(url: str) -> segno.QRCode:
    # Error level M survives a fold or a drawing pin through the paper.
    return segno.make(url, error="m", micro=False)


def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules, dark as ``True``, row by row from the top, without the quiet zone."""
    return tuple(tuple(bool(module) for module in row) for row in _code(url).matrix)


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the code for ``url`` with its quiet zone in the ``size``-point square at (``x``, ``y``), and link it."""
    matrix = qr_matrix(url)
    modules = len(matrix) + 2 * QUIET_ZONE
    unit = size / modules
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + QUIET_ZONE + 1) * unit
        for column, dark in enumerate(row):
            if dark:
                # A hair wider than a module so no hairline gaps show between neighbours.
                canvas.rect(x + (column + QUIET_ZONE) * unit, top, unit * 1.02, unit * 1.02, stroke=0, fill=1)
    canvas.restoreState()
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)


def qr_svg(url: str, title: str) -> str:
    """An inline SVG of the code for ``url``, with ``title`` as its accessible name."""
    svg: str = _code(url).svg_inline(scale=6, border=QUIET_ZONE, dark="#000", light="#fff", title=title, omitsize=True)
    return svg.replace("<svg ", '<svg role="img" ', 1)
