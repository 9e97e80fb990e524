"""Wrong expressions and sensitive words: matching, overlaps, exceptions, merging lexicons."""

from __future__ import annotations

import random

import pytest

from fabu.checks import (
    CheckCode,
    CheckContext,
    CheckedDocument,
    CompiledLexicon,
    EntryKind,
    Lexicon,
    LexiconEntry,
    LexiconError,
    Severity,
    compile_lexicon,
    run_checks,
)

from .checks_support import TODAY


def entry(
    term: str,
    correction: str | None = None,
    *,
    severity: Severity = Severity.WARNING,
    exceptions: tuple[str, ...] = (),
) -> LexiconEntry:
    kind = EntryKind.WRONG_EXPRESSION if correction else EntryKind.SENSITIVE_WORD
    return LexiconEntry(
        term, kind, severity, correction=correction, exceptions=exceptions
    )


def found(lexicon: CompiledLexicon, text: str) -> list[tuple[str, str | None]]:
    return [(text[m.start : m.end], m.entry.correction) for m in lexicon.find(text)]


def test_outdated_agency_name_is_reported_with_the_current_name(
    platform_lexicon: CompiledLexicon,
) -> None:
    text = "经国家工商总局批准，该企业完成登记。"
    assert found(platform_lexicon, text) == [("国家工商总局", "国家市场监督管理总局")]


def test_historical_reference_marked_yuan_is_not_reported(
    platform_lexicon: CompiledLexicon,
) -> None:
    assert found(platform_lexicon, "原国家工商行政管理总局于2015年发布该办法。") == []


def test_agency_name_ending_an_ordinary_word_is_not_reported(
    platform_lexicon: CompiledLexicon,
) -> None:
    text = "市农业部门会同卫生部门开展检查，农业部分项目已完工。"
    assert found(platform_lexicon, text) == []


def test_same_agency_name_standing_alone_is_reported(
    platform_lexicon: CompiledLexicon,
) -> None:
    assert found(platform_lexicon, "农业部印发通知。") == [("农业部", "农业农村部")]


def test_full_width_letters_match_and_offsets_point_into_the_original(
    platform_lexicon: CompiledLexicon,
) -> None:
    text = "于二ＯＯ八年建成"
    [match] = platform_lexicon.find(text)
    assert (match.start, match.end, text[match.start : match.end]) == (1, 4, "二ＯＯ")


def test_zero_width_characters_do_not_hide_a_term(
    platform_lexicon: CompiledLexicon,
) -> None:
    text = "国家\u200b卫计委发布"
    assert found(platform_lexicon, text) == [("国家\u200b卫计委", "国家卫生健康委员会")]


def test_characters_outside_the_bmp_before_a_term_keep_offsets_right(
    platform_lexicon: CompiledLexicon,
) -> None:
    text = "𠀀𠀁😀国家工商总局"
    [match] = platform_lexicon.find(text)
    assert text[match.start : match.end] == "国家工商总局"


def test_overlapping_entries_report_the_longest_and_drop_the_contained_one() -> None:
    lexicon = compile_lexicon(
        Lexicon(
            "t",
            (
                entry("工商行政管理", "市场监督管理"),
                entry("国家工商行政管理总局", "国家市场监督管理总局"),
                entry("总局局长", "局长"),
            ),
        )
    )
    text = "国家工商行政管理总局局长出席"
    # The contained entry disappears; the one only partly overlapping stays.
    assert found(lexicon, text) == [
        ("国家工商行政管理总局", "国家市场监督管理总局"),
        ("总局局长", "局长"),
    ]


def test_term_inside_its_own_correction_is_not_reported() -> None:
    lexicon = compile_lexicon(Lexicon("t", (entry("核心价值", "核心价值观"),)))
    assert found(lexicon, "践行社会主义核心价值观") == []
    assert found(lexicon, "弘扬核心价值，") == [("核心价值", "核心价值观")]


def test_exception_phrase_silences_only_that_context(
    platform_lexicon: CompiledLexicon,
) -> None:
    assert found(platform_lexicon, "依法预防犯罪") == []
    assert found(platform_lexicon, "防犯于未然") == [("防犯", "防范")]


def test_tenant_entry_replaces_platform_entry_for_the_same_span(
    platform_lexicon: CompiledLexicon,
) -> None:
    tenant = compile_lexicon(
        Lexicon(
            "tenant",
            (entry("国家工商总局", "市市场监管局", severity=Severity.BLOCKING),),
        )
    )
    context = CheckContext(lexicons=(platform_lexicon, tenant), today=TODAY)
    report = run_checks(CheckedDocument(title="国家工商总局发布通知"), context)
    [finding] = report.findings
    assert (finding.severity, finding.suggestion) == (Severity.BLOCKING, "市市场监管局")


def test_compile_lexicon_merges_lexicons_with_the_last_entry_winning() -> None:
    first = Lexicon("a", (entry("布署", "部署"), entry("按排", "安排")))
    second = Lexicon("b", (entry("布署", "部署", severity=Severity.INFO),))
    merged = compile_lexicon(first, second)
    assert len(merged) == 2
    [match] = merged.find("工作布署")
    assert match.entry.severity is Severity.INFO


def test_one_compiled_lexicon_checks_many_texts() -> None:
    lexicon = compile_lexicon(Lexicon("t", (entry("峻工", "竣工"),)))
    assert [len(lexicon.find(t)) for t in ("项目峻工", "按期竣工", "峻工峻工")] == [
        1,
        0,
        2,
    ]


def test_sensitive_word_finding_names_the_category_and_the_suggestion(
    context: CheckContext,
) -> None:
    report = run_checks(
        CheckedDocument.from_plain_text("通知", "为残废人提供帮扶。"), context
    )
    [finding] = report.findings
    assert finding.code is CheckCode.SENSITIVE_WORD
    assert (finding.matched, finding.suggestion) == ("残废人", "残疾人")
    assert "不当称谓" in finding.message_zh


def test_large_synthetic_lexicon_finds_every_planted_term() -> None:
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    terms = {
        "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 6)))
        for _ in range(20_000)
    }
    lexicon = compile_lexicon(
        Lexicon("big", tuple(entry(t, "X" + t) for t in sorted(terms)))
    )
    planted = sorted(terms)[::2000]
    text = "，".join(f"第{i}段{t}结束" for i, t in enumerate(planted))
    assert {text[m.start : m.end] for m in lexicon.find(text)} >= set(planted)


YAML = """
name: 某市
groups:
  - category: 本地规范
    kind: wrong_expression
    severity: blocking
    allowed_before: [原]
    entries:
      - {term: 市工商局, correction: 市市场监管局}
      - {term: 市质监局, correction: 市市场监管局, severity: warning}
entries:
  - {term: 内部通报, kind: sensitive_word, severity: info}
"""


def test_yaml_groups_give_their_defaults_to_entries() -> None:
    lexicon = Lexicon.from_yaml(YAML)
    first, second, third = lexicon.entries
    assert lexicon.name == "某市"
    assert (first.severity, first.category, first.exceptions) == (
        Severity.BLOCKING,
        "本地规范",
        ("原市工商局",),
    )
    assert second.severity is Severity.WARNING
    assert (third.kind, third.correction) == (EntryKind.SENSITIVE_WORD, None)


@pytest.mark.parametrize(
    ("yaml_text", "reason"),
    [
        ("entries: [{term: 布署, kind: wrong_expression}]", "correction"),
        ("entries: [{term: 布署, correction: 部署, severity: fatal}]", "fatal"),
        (
            "entries: [{term: 布署, correction: 部署, exceptions: [部署工作]}]",
            "does not contain",
        ),
        ("entries: [{term: 布署, correction: 部署, colour: red}]", "unknown"),
        ("entries: [{term: '', correction: 部署}]", "empty"),
        ("entries: [{term: 布署, correction: 部署, severity: loud}]", "loud"),
        ("- just a list", "mapping"),
        ("entries: {term: 布署}", "list"),
    ],
)
def test_invalid_lexicon_is_rejected_with_a_reason(yaml_text: str, reason: str) -> None:
    with pytest.raises(LexiconError, match=reason):
        Lexicon.from_yaml(yaml_text)
