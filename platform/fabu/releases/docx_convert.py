"""Turning a Word (.docx) draft into a title, a sanitized HTML body and its images, with mammoth.

The title is the first heading's text; failing that the document's core title (File >
Properties > Title); failing that the first paragraph's; failing that the file name. A heading
or paragraph taken as the title is removed from the body, so the title is not repeated. Images
become ``fabu-media:<sha256>`` references; their bytes come back for the caller to store.
Conversion is CPU work on untrusted input: run it in a thread.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Any

import docx
import mammoth

from fabu.checks import html_to_text
from fabu.errors import FabuError
from fabu.releases.errors import ReleaseErrorCode
from fabu.releases.sanitize import media_reference, media_references, sanitize_html
from fabu.releases.validation import MAX_TITLE
from fabu.storage import InvalidContentType, validate_content_type

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "hr", "img"})


@dataclass(frozen=True)
class Image:
    sha256: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ConvertedDocx:
    title: str
    body_html: str
    images: tuple[Image, ...]
    messages: tuple[str, ...]


def _invalid(reason_zh: str, reason_en: str) -> FabuError:
    return FabuError(
        ReleaseErrorCode.INVALID_FILE,
        f"不是可导入的 Word（.docx）文档：{reason_zh}",
        f"not an importable Word (.docx) document: {reason_en}",
        field="contentBase64",
    )


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise _invalid("文件不是 .docx 格式", "the file is not in .docx format") from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise _invalid("缺少正文部分", "the main document part is missing")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _invalid("解压后过大", "it unpacks to too much data")


class _TopLevelBlocks(HTMLParser):
    """The top-level elements of an HTML fragment: (tag, start offset, end offset)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        self._line_starts += [i + 1 for i, char in enumerate(source) if char == "\n"]
        self._depth = 0
        self._open: tuple[str, int] | None = None
        self.blocks: list[tuple[str, int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if self._depth == 0:
            self._open = (tag, self._offset())
        self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self._depth -= 1
        if self._depth == 0 and self._open is not None:
            end = self._offset() + len(f"</{tag}>")
            self.blocks.append((self._open[0], self._open[1], end))
            self._open = None


def _take_title(body_html: str, core_title: str, fallback: str) -> tuple[str, str]:
    """(title, body without the block the title came from)."""
    parser = _TopLevelBlocks(body_html)
    parser.feed(body_html)
    parser.close()
    candidates: list[tuple[str, int, int, str]] = []
    for tag, start, end in parser.blocks:
        text = html_to_text(body_html[start:end]).text.replace("\n", " ").strip()
        if text and len(text) <= MAX_TITLE:
            candidates.append((tag, start, end, text))
    heading = next((c for c in candidates if c[0] in _HEADINGS), None)
    paragraph = next((c for c in candidates if c[0] == "p"), None)
    if heading is None and core_title.strip():
        return core_title.strip()[:MAX_TITLE], body_html
    chosen = heading or paragraph
    if chosen is None:
        return fallback[:MAX_TITLE], body_html
    _, start, end, text = chosen
    return text, (body_html[:start] + body_html[end:]).strip()


def _core_title(data: bytes) -> str:
    try:
        title: str = docx.Document(io.BytesIO(data)).core_properties.title or ""
    except Exception:
        return ""
    return title


def convert_docx(data: bytes, file_name: str) -> ConvertedDocx:
    """Convert a .docx file; raises INVALID_FILE (field ``contentBase64``) if it cannot be read."""
    _check_archive(data)
    images: dict[str, Image] = {}

    def store_image(image: Any) -> dict[str, str]:
        with image.open() as stream:
            content = stream.read()
        sha256 = hashlib.sha256(content).hexdigest()
        try:
            content_type = validate_content_type(image.content_type or "")
        except InvalidContentType:
            content_type = "application/octet-stream"
        images[sha256] = Image(sha256, content_type, content)
        return {"src": media_reference(sha256)}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(store_image))
    except Exception:
        raise _invalid("无法解析", "it cannot be parsed") from None
    body = sanitize_html(result.value)
    title, body = _take_title(body, _core_title(data), PurePosixPath(file_name).stem)
    messages = tuple(str(message.message) for message in result.messages)
    kept = tuple(images[sha256] for sha256 in media_references(body) if sha256 in images)
    return ConvertedDocx(title=title, body_html=body, images=kept, messages=messages)
