"""Accessibility without a browser: every rendered page passes the smoke check, the check catches
what it claims to, ``validate`` guards the body, and the stylesheet's colours meet WCAG AA contrast."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from fabu.channels import Severity
from fabu.channels.testing import sample_release
from fabu_portal import PortalChannel, check_document, check_fragment


def test_every_page_of_the_site_passes_the_accessibility_smoke_check(demo_site: Any) -> None:
    pages = sorted(Path(demo_site.root).rglob("*.html"))
    assert len(pages) == 15  # ten articles, the home page, four category index pages

    problems = {
        str(page.relative_to(demo_site.root)): [p.code for p in check_document(page.read_text("utf-8"))]
        for page in pages
    }

    assert problems == {page: [] for page in problems}


def test_pages_declare_chinese_and_mark_english_labels(demo_site: Any) -> None:
    page = (Path(demo_site.root) / "index.html").read_text("utf-8")

    assert '<html lang="zh-CN">' in page
    assert '<span class="en" lang="en">Home</span>' in page


@pytest.mark.parametrize(
    ("html", "code"),
    [
        ('<html><body><a href="#main">跳</a><main><h1>t</h1></main></body></html>', "lang_missing"),
        ('<html lang="zh-CN"><title>t</title><a href="#m">跳</a><main><h1>a</h1><h1>b</h1></main></html>', "h1_count"),
        (
            '<html lang="zh-CN"><title>t</title><a href="#m">跳</a><main><h1>a</h1><h3>b</h3></main></html>',
            "heading_order",
        ),
        (
            '<html lang="zh-CN"><title>t</title><a href="#m">跳</a><main><h1>a</h1><img src="x.png"></main></html>',
            "image_alt_missing",
        ),
        (
            '<html lang="zh-CN"><title>t</title><a href="#m">跳</a><main><h1>a</h1><input id="q"></main></html>',
            "control_label_missing",
        ),
        (
            '<html lang="zh-CN"><title>t</title><a href="#m">跳</a><main><h1>a</h1><a href="/x"></a></main></html>',
            "link_text_missing",
        ),
        (
            '<html lang="zh-CN"><title>t</title><a href="#m">跳</a><main><h1>a</h1><table><tr><td>x</td></tr></table></main></html>',
            "layout_table",
        ),
        (
            '<html lang="zh-CN"><title>t</title><a href="/home">首页</a><main><h1>a</h1></main></html>',
            "skip_link_missing",
        ),
        ('<html lang="zh-CN"><title>t</title><a href="#m">跳</a><div><h1>a</h1></div></html>', "main_landmark"),
        ('<html lang="zh-CN"><title></title><a href="#m">跳</a><main><h1>a</h1></main></html>', "title_missing"),
    ],
)
def test_the_smoke_check_catches_each_rule(html: str, code: str) -> None:
    assert code in [problem.code for problem in check_document(html)]


def test_labelled_controls_images_with_alt_and_data_tables_pass() -> None:
    html = (
        '<label for="q">搜索</label><input id="q">'
        '<label>姓名 <input name="n"></label><img src="a.png" alt="图">'
        '<a href="/x"><img src="i.png" alt="首页"></a>'
        "<table><caption>表</caption><tr><td>1</td></tr></table><h2>a</h2><h3>b</h3>"
    )

    assert check_fragment(html) == []


def test_validate_blocks_images_without_alt_and_warns_about_a_second_h1() -> None:
    release = sample_release(body_html='<h1>又一个标题</h1><p>正文<img src="chart.png"></p>')

    findings = {f.code: f.severity for f in PortalChannel().validate(release)}

    assert findings["body_image_alt_missing"] is Severity.ERROR
    assert findings["body_heading_too_high"] is Severity.WARNING


def test_validate_warns_about_missing_disclosure_metadata_and_rejects_a_bad_written_date() -> None:
    release = sample_release(index_number="", department="", variant={"written_date": "2月27日"})

    findings = {f.code: f.severity for f in PortalChannel().validate(release)}

    assert findings == {
        "index_number_missing": Severity.WARNING,
        "department_missing": Severity.WARNING,
        "written_date_invalid": Severity.ERROR,
    }


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background", "minimum"),
    [
        ("text", "background", 4.5),
        ("muted", "background", 4.5),
        ("link", "background", 4.5),
        ("link-visited", "background", 4.5),
        ("on-brand", "brand", 4.5),
        ("focus-text", "focus", 4.5),
        ("text", "withdrawn-background", 4.5),
        ("link", "correction-background", 4.5),
        ("focus", "brand", 3.0),  # the focus indicator against the header it appears on
        ("focus-text", "background", 3.0),  # the focus underline against the page
    ],
)
def test_the_palette_meets_wcag_aa_contrast(foreground: str, background: str, minimum: float) -> None:
    css = (files("fabu_portal") / "templates" / "site.css").read_text("utf-8")
    palette = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", css))

    assert _contrast(palette[foreground], palette[background]) >= minimum
