"""An accessibility smoke check in plain Python: the WCAG 2.1 rules a parser can see without a browser.

It is no audit (contrast, focus visibility and reflow need a browser), but it catches what most
often goes wrong on government sites: a missing page language, no or several ``h1``, skipped
heading levels, images without ``alt``, unlabelled form controls, links without text, layout
tables, duplicate ids and a missing skip link or ``main`` landmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

__all__ = ["Problem", "check_document", "check_fragment"]

_HEADINGS: Final = {f"h{level}": level for level in range(1, 7)}
_UNLABELLED_INPUTS: Final = {"hidden", "submit", "reset", "button", "image"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule broken: a stable code and a message, Chinese first."""

    code: str
    message: str


@dataclass
class _Link:
    href: str
    text: str = ""
    labelled: bool = False


class _Scan(HTMLParser):
    """Collects what the rules need in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.headings: list[int] = []
        self.images_without_alt = 0
        self.controls: list[tuple[str | None, bool]] = []
        self.label_targets: set[str] = set()
        self.links: list[_Link] = []
        self.ids: list[str] = []
        self.mains = 0
        self.tables_without_headers = 0
        self._in_title = False
        self._in_label = 0
        self._open_links: list[_Link] = []
        self._table_has_headers: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if element_id := attributes.get("id"):
            self.ids.append(element_id)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag in _HEADINGS:
            self.headings.append(_HEADINGS[tag])
        elif tag == "img":
            if attributes.get("alt") is None:
                self.images_without_alt += 1
            for link in self._open_links:
                link.labelled = link.labelled or bool(attributes.get("alt"))
        elif tag == "main" or attributes.get("role") == "main":
            self.mains += 1
        elif tag == "label":
            self._in_label += 1
            if target := attributes.get("for"):
                self.label_targets.add(target)
        elif tag == "a" and "href" in attributes:
            link = _Link(
                attributes["href"] or "",
                labelled=bool(attributes.get("aria-label") or attributes.get("aria-labelledby")),
            )
            self.links.append(link)
            self._open_links.append(link)
        elif tag == "table":
            self._table_has_headers.append(False)
        elif tag in {"th", "caption"} and self._table_has_headers:
            self._table_has_headers[-1] = True
        self._control(tag, attributes)

    def _control(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag not in {"input", "select", "textarea"}:
            return
        if tag == "input" and attributes.get("type") in _UNLABELLED_INPUTS:
            return
        named = bool(
            attributes.get("aria-label")
            or attributes.get("aria-labelledby")
            or attributes.get("title")
            or self._in_label
        )
        self.controls.append((attributes.get("id"), named))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "label" and self._in_label:
            self._in_label -= 1
        elif tag == "a" and self._open_links:
            self._open_links.pop()
        elif tag == "table" and self._table_has_headers and not self._table_has_headers.pop():
            self.tables_without_headers += 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for link in self._open_links:
            link.text += data


def _scan(html: str) -> _Scan:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan


def check_fragment(html: str, *, top: int = 2) -> list[Problem]:
    """Problems in a piece of a page (e.g. an article body placed under the page's ``h{top-1}``)."""
    scan = _scan(html)
    problems = []
    if scan.images_without_alt:
        problems.append(
            Problem(
                "image_alt_missing",
                f"{scan.images_without_alt} 张图片缺少替代文本（alt） / {scan.images_without_alt} image(s) without alt text",
            )
        )
    problems += _heading_problems(scan.headings, top)
    unlabelled = [
        control_id for control_id, named in scan.controls if not named and control_id not in scan.label_targets
    ]
    if unlabelled:
        problems.append(
            Problem(
                "control_label_missing",
                f"{len(unlabelled)} 个表单控件没有标签 / {len(unlabelled)} form control(s) without a label",
            )
        )
    empty = [link.href for link in scan.links if not (link.text.strip() or link.labelled)]
    if empty:
        problems.append(Problem("link_text_missing", f"链接没有文字 / links without text: {', '.join(empty)}"))
    if scan.tables_without_headers:
        problems.append(
            Problem(
                "layout_table",
                "表格没有表头（th）或标题（caption），疑似排版表格 / a table without th or caption looks like a layout table",
            )
        )
    duplicates = sorted({i for i in scan.ids if scan.ids.count(i) > 1})
    if duplicates:
        problems.append(Problem("duplicate_id", f"id 重复 / duplicate ids: {', '.join(duplicates)}"))
    return problems


def _heading_problems(levels: list[int], top: int) -> list[Problem]:
    problems = []
    if top > 1 and any(level < top for level in levels):
        problems.append(
            Problem(
                "heading_too_high",
                f"正文不应使用高于 h{top} 的标题 / headings in this part start at h{top}",
            )
        )
    previous = top - 1
    for level in levels:
        if level > previous + 1:
            problems.append(
                Problem(
                    "heading_order",
                    f"标题层级跳跃：h{previous} 之后是 h{level} / heading levels skip from h{previous} to h{level}",
                )
            )
            break
        previous = level
    return problems


def check_document(html: str) -> list[Problem]:
    """Problems in a whole page: the fragment rules plus language, title, one ``h1``, ``main`` and a skip link."""
    scan = _scan(html)
    problems = []
    if not (scan.lang or "").strip():
        problems.append(Problem("lang_missing", "html 元素缺少 lang 属性 / the html element has no lang"))
    if not scan.title.strip():
        problems.append(Problem("title_missing", "页面没有标题 / the page has no title"))
    h1_count = scan.headings.count(1)
    if h1_count != 1:
        problems.append(
            Problem(
                "h1_count", f"页面应有且只有一个 h1，现有 {h1_count} 个 / a page needs exactly one h1, found {h1_count}"
            )
        )
    if scan.mains != 1:
        problems.append(Problem("main_landmark", "页面应有一个 main 区域 / a page needs one main landmark"))
    if not scan.links or not scan.links[0].href.startswith("#"):
        problems.append(
            Problem("skip_link_missing", "第一个链接应为跳到正文 / the first link should skip to the content")
        )
    return problems + [p for p in check_fragment(html, top=1) if p.code != "heading_too_high"]
