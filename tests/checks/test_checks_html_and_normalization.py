"""The body's visible text, offsets back into the HTML, and width folding."""

from __future__ import annotations

from fabu.checks import (
    CheckCode,
    CheckContext,
    CheckedDocument,
    html_to_text,
    normalize,
    run_checks,
)

from .checks_support import TODAY


def test_block_elements_become_lines_and_cells_are_tab_separated() -> None:
    html = "<h2>通知</h2><p>各单位：</p><table><tr><td>姓名</td><td>电话</td></tr></table><p>特此通知。</p>"
    assert html_to_text(html).text == "通知\n各单位：\n姓名\t电话\n特此通知。"


def test_entities_are_decoded_and_scripts_skipped() -> None:
    html = "<p>A&amp;B&nbsp;C&#20013;&#x6587;</p><script>alert('13800138000')</script><style>p{}</style>"
    assert html_to_text(html).text == "A&B\u00a0C中文"


def test_collapsible_white_space_renders_as_one_space_except_in_pre() -> None:
    html = "<p>  第一   段\n  内容 </p><pre>a  b\nc</pre>"
    assert html_to_text(html).text == "第一 段 内容\na  b\nc"


def test_every_plain_character_maps_back_to_its_html_source() -> None:
    html = '<p class="x">电话：<strong>138</strong>&nbsp;0013&#32;8000</p>'
    plain = html_to_text(html)
    start = plain.text.index("138")
    source_start, source_end = plain.source_span(start, len(plain.text))
    assert html[source_start:source_end] == "138</strong>&nbsp;0013&#32;8000"


def test_body_finding_offsets_index_the_plain_text_and_map_to_the_html() -> None:
    html = "<p>来电请拨打</p><p><b>139</b>&#8203;1234 5678</p>"
    report = run_checks(CheckedDocument(body_html=html), CheckContext(today=TODAY))
    [finding] = report.findings
    body = report.texts["body"]
    assert finding.code is CheckCode.MOBILE_NUMBER
    assert (
        body.text[finding.start : finding.end]
        == finding.matched
        == "139\u200b1234 5678"
    )
    source_start, source_end = body.source_span(finding.start, finding.end)
    assert html[source_start:source_end] == "139</b>&#8203;1234 5678"


def test_normalisation_folds_widths_and_keeps_offsets() -> None:
    folded = normalize("ＡＢＣ　１２３－４５６（注）")
    assert folded.text == "abc 123-456(注)"
    assert folded.to_original(4, 7) == (4, 7)


def test_zero_width_characters_are_dropped_with_a_map_back() -> None:
    text = "国\u200b家\ufeff工商"
    folded = normalize(text)
    assert folded.text == "国家工商"
    assert folded.to_original(0, 4) == (0, len(text))
    assert folded.to_original(1, 2) == (2, 3)
