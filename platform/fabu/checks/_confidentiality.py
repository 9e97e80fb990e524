"""Confidentiality markings (密级标识): fatal when they mark the document, a warning otherwise.

The rule, applied to every checked text (title, summary, body, each attachment and each of
its metadata fields and comments):

1. **Marked forms are fatal anywhere.** A level joined to the star (``秘密★1年``, ``机密★``,
   ``★机密``, ``绝密★长期``; ``☆`` and ``*`` accepted for the star), a labelled level
   (``密级：机密``), a labelled period (``保密期限：10年``), a level in brackets
   (``【内部】``, ``（机密）``), and the internal-circulation notices (``内部资料 注意保存``,
   ``内部文件，请勿外传``, ``仅供内部参考``).
2. **Header position is fatal.** In the header zone — the first three non-empty lines of a
   text, which for an attachment begin with its page header — a level word (绝密, 机密, 秘密,
   内部, 涉密, optionally followed by 级/文件/资料/材料/件) that starts a line and stands as a
   word of its own (followed by the end of the line, white space or punctuation) marks the
   document: ``机密``, ``内部资料``, ``涉密文件：…``. ``秘密花园开放`` at the start of a line
   is not a marking, because the word goes on.
3. **Anything else is a warning** asking a person to look: a loose 绝密, 机密, 秘密 or 涉密
   (``揭开宇宙的秘密``, ``保护商业秘密``) and 内部 only in 内部资料/文件/材料/刊物/使用/传阅/
   参考/发行 (plain 内部, as in 单位内部, is ordinary language and not reported).

Fatal findings can never be overridden; the warnings never stop anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fabu.checks._normalize import normalize

HEADER_LINES = 3

_LEVEL = "(?:绝密|机密|秘密)"
_STAR = "[★☆*]"
_PERIOD = r"(?:[0-9]+\s*(?:年|个月|月|天|日)|长期)"
_MARKED = re.compile(
    "|".join(
        (
            rf"{_LEVEL}\s*{_STAR}(?:\s*{_PERIOD})?",
            rf"{_STAR}\s*{_LEVEL}",
            r"密\s*级\s*:?\s*(?:绝密|机密|秘密|内部)",
            rf"保密期限\s*:\s*{_PERIOD}",
            r"[【\[(〔]\s*(?:绝密|机密|秘密|内部|涉密)(?:级|文件|资料|材料)?\s*[】\])〕]",
            r"内部资料[\s,、]*(?:注意保存|妥善保管|注意保密|请勿外传|不得外传)",
            r"内部(?:资料|文件|材料|刊物)[\s,、]*(?:请勿|不得|严禁|禁止)(?:外传|公开|扩散|转发|翻印|复制)",
            r"(?:仅限|仅供)内部(?:使用|参考|传阅|阅读|交流)",
        )
    )
)
_HEADER = re.compile(
    r"^[ \t]*[【\[(〔]?[ \t]*(?:绝密|机密|秘密|内部|涉密)(?:级|文件|资料|材料|件)?"
    r"(?=$|[\s:,.;!?、。；】\])〕★☆*])",
    re.MULTILINE,
)
_LOOSE = re.compile(
    r"绝密|机密|秘密|涉密|内部(?:资料|文件|材料|刊物|使用|传阅|参考|发行)"
)


@dataclass(frozen=True, slots=True)
class MarkingMatch:
    """A confidentiality marking (``fatal``) or a loose term to look at, at ``text[start:end]``."""

    start: int
    end: int
    fatal: bool
    in_header: bool


def find_confidentiality_markings(text: str) -> list[MarkingMatch]:
    """Markings and loose confidentiality terms in ``text``, offsets into ``text``."""
    normalized = normalize(text)
    found = []
    for match in scan_confidentiality(normalized.text):
        start, end = normalized.to_original(match.start, match.end)
        found.append(MarkingMatch(start, end, match.fatal, match.in_header))
    return found


def scan_confidentiality(text: str) -> list[MarkingMatch]:
    """Markings and loose terms in already-normalised text."""
    header_end = header_zone_end(text)
    fatal: list[MarkingMatch] = []
    for m in _MARKED.finditer(text):
        fatal.append(
            MarkingMatch(
                m.start(), m.end(), fatal=True, in_header=m.start() < header_end
            )
        )
    for m in _HEADER.finditer(text, 0, header_end):
        start = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
        if not _covered(fatal, start, m.end()):
            fatal.append(MarkingMatch(start, m.end(), fatal=True, in_header=True))
    loose = [
        MarkingMatch(m.start(), m.end(), fatal=False, in_header=m.start() < header_end)
        for m in _LOOSE.finditer(text)
        if not _overlaps(fatal, m.start(), m.end())
    ]
    return sorted([*fatal, *loose], key=lambda m: (m.start, m.end))


def header_zone_end(text: str, lines: int = HEADER_LINES) -> int:
    """Offset where the header zone (the first ``lines`` non-empty lines) ends."""
    seen = 0
    position = 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        if line.strip():
            seen += 1
            if seen == lines:
                return position
    return position


def _covered(matches: list[MarkingMatch], start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end for m in matches)


def _overlaps(matches: list[MarkingMatch], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in matches)
