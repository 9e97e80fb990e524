"""The CJK font the notice PDF embeds, found among Debian's font packages.

The PDF library embeds TrueType-outlined fonts only, as a subset of the glyphs used. Noto Sans CJK
(``fonts-noto-cjk``) has PostScript outlines and cannot be embedded, so the candidates are the
TrueType CJK fonts Debian ships under free licences; install one of them where Fabu's workers run,
e.g. ``apt-get install fonts-wqy-microhei`` (Apache 2.0 or GPLv3 with the font exception).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from fabu_bulletin._config import FontChoice

__all__ = ["CJK_FONTS", "CjkFont", "FontMissingError", "find_font", "load_font"]

CJK_FONTS: Final[dict[str, tuple[str, Path]]] = {
    "wqy-microhei": ("fonts-wqy-microhei", Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")),
    "wqy-zenhei": ("fonts-wqy-zenhei", Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")),
    "droid-sans-fallback": ("fonts-droid-fallback", Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")),
    "arphic-uming": ("fonts-arphic-uming", Path("/usr/share/fonts/truetype/arphic/uming.ttc")),
}
"""Each font's Debian package and file, in the order ``"auto"`` tries them."""
_LOCK: Final = threading.Lock()
_LOADED: dict[str, CjkFont] = {}


class FontMissingError(LookupError):
    """No usable CJK font is installed; the message says which package to install."""


@dataclass(frozen=True, slots=True)
class CjkFont:
    """A font registered with the PDF library, and the characters it has glyphs for."""

    name: str
    path: Path
    characters: frozenset[int]

    def missing(self, text: str) -> str:
        """The characters of ``text`` the font cannot draw, each once, in order."""
        seen = dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in self.characters)
        return "".join(seen)


def find_font(choice: FontChoice) -> tuple[str, Path]:
    """The name and file of the font ``choice`` names, or of the first installed when ``"auto"``."""
    names = list(CJK_FONTS) if choice == "auto" else [choice]
    for name in names:
        path = CJK_FONTS[name][1]
        if path.is_file():
            return name, path
    packages = [CJK_FONTS[name][0] for name in names]
    raise FontMissingError(
        f"未找到可嵌入的中文字体，请在运行 Fabu 的机器上安装其一：{'、'.join(packages)}（如 apt-get install {packages[0]}）"
        f" / no embeddable CJK font found: install one of {', '.join(packages)} where Fabu runs (e.g. apt-get install {packages[0]})"
    )


def load_font(choice: FontChoice) -> CjkFont:
    """The font, registered once per process with the PDF library."""
    name, path = find_font(choice)
    with _LOCK:
        if name not in _LOADED:
            font = TTFont(f"FabuCJK-{name}", str(path), subfontIndex=0)
            pdfmetrics.registerFont(font)
            _LOADED[name] = CjkFont(font.fontName, path, frozenset(font.face.charToGlyph))
        return _LOADED[name]
