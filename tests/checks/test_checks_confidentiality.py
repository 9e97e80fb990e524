"""Confidentiality markings are fatal; loose confidentiality words only ask a person to look."""

from __future__ import annotations

import pytest

from fabu.checks import (
    CheckCode,
    CheckContext,
    CheckedDocument,
    Override,
    Severity,
    find_confidentiality_markings,
    run_checks,
)


def markings(text: str) -> list[tuple[str, bool]]:
    return [
        (text[m.start : m.end], m.fatal) for m in find_confidentiality_markings(text)
    ]


@pytest.mark.parametrize(
    "marking",
    [
        "秘密★1年",
        "机密★10年",
        "绝密★长期",
        "机密★",
        "★机密",
        "秘密 ★ 5年",
        "秘密＊１年",
        "密级：机密",
        "保密期限：20年",
    ],
)
def test_standard_marked_form_is_fatal_anywhere(marking: str) -> None:
    text = f"第一段。\n第二段。\n第三段。\n第四段提到{marking}的文件。"
    assert markings(text) == [(marking, True)]


@pytest.mark.parametrize(
    "notice",
    [
        "内部资料 注意保存",
        "内部资料，注意保存",
        "内部文件，请勿外传",
        "仅供内部参考",
        "【内部】",
        "（机密）",
    ],
)
def test_internal_circulation_notice_is_fatal(notice: str) -> None:
    assert markings(f"关于开展调研的报告{notice}") == [(notice, True)]


@pytest.mark.parametrize(
    "first_line", ["机密", "内部资料", "涉密文件：", "  绝密  ", "秘密级"]
)
def test_level_standing_alone_at_the_start_of_the_header_is_fatal(
    first_line: str,
) -> None:
    text = f"{first_line}\n关于做好安全生产工作的通知\n各单位："
    [(written, fatal)] = markings(text)
    assert fatal
    assert written == first_line.strip().rstrip("：")


def test_level_word_starting_an_ordinary_title_is_only_a_warning() -> None:
    assert markings("秘密花园主题展览开幕") == [("秘密", False)]


def test_secret_inside_an_ordinary_sentence_is_a_warning() -> None:
    assert markings("科学家揭开宇宙的秘密。") == [("秘密", False)]


def test_level_alone_on_a_line_below_the_header_zone_is_a_warning() -> None:
    text = "标题\n第一段\n第二段\n机密\n"
    assert markings(text) == [("机密", False)]


def test_ordinary_use_of_internal_is_not_reported() -> None:
    assert markings("加强单位内部管理，完善内部控制制度。") == []


def test_fatal_marking_in_a_release_can_never_be_overridden() -> None:
    document = CheckedDocument(
        title="关于2024年工作安排的通知", body_html="<p>秘密★1年</p><p>各科室：</p>"
    )
    report = run_checks(document, CheckContext())
    [finding] = report.fatal()
    assert (finding.code, finding.field, finding.matched) == (
        CheckCode.CONFIDENTIALITY_MARKING,
        "body",
        "秘密★1年",
    )
    assert not finding.overridable
    decision = report.gate(
        [Override(finding.fingerprint, reason="领导同意发布", reviewer="王五")]
    )
    assert not decision.passed
    assert decision.fatal == (finding,)
    assert [o.reason for o in decision.rejected] == ["领导同意发布"]


def test_loose_term_finding_is_a_warning_that_does_not_stop_the_gate() -> None:
    report = run_checks(
        CheckedDocument(body_html="<p>依法保护商业秘密。</p>"), CheckContext()
    )
    [finding] = report.findings
    assert (finding.code, finding.severity) == (
        CheckCode.CONFIDENTIALITY_TERM,
        Severity.WARNING,
    )
    assert report.gate().passed


def test_confidentiality_marking_check_cannot_be_disabled_or_softened() -> None:
    with pytest.raises(ValueError, match="cannot be disabled"):
        CheckContext(disabled=frozenset({CheckCode.CONFIDENTIALITY_MARKING}))
    with pytest.raises(ValueError, match="always fatal"):
        CheckContext(severities={CheckCode.CONFIDENTIALITY_MARKING: Severity.WARNING})
    with pytest.raises(ValueError, match="cannot be made fatal"):
        CheckContext(severities={CheckCode.MOBILE_NUMBER: Severity.FATAL})
