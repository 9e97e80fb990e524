"""Near-duplicates of published releases (MinHash) and contradicting figures."""

from __future__ import annotations

import random

from fabu.checks import (
    CheckCode,
    CheckContext,
    CheckedDocument,
    PublishedIndex,
    PublishedRelease,
    Severity,
    run_checks,
)
from fabu.checks._minhash import CompactText, estimate_jaccard, shingle_hashes, sketch

NOTICE = (
    "为进一步做好2024年春季学期义务教育阶段学校招生入学工作，根据《中华人民共和国义务教育法》"
    "等有关规定，结合我区实际，现将有关事项通知如下。一、招生对象：凡年满六周岁的适龄儿童，"
    "均应接受义务教育。二、报名时间：2024年3月1日至3月15日。三、报名方式：家长通过区教育局"
    "官方网站进行网上报名，并按要求上传户口簿、不动产权证书等材料。四、审核与派位：区教育局"
    "组织对报名材料进行审核，审核通过后按照学区划分进行派位，派位结果在区教育局官方网站公布。"
)
OTHER = (
    "近日，区文化和旅游局组织开展文物安全专项检查，重点检查文物保护单位消防设施配备、安全管理"
    "制度落实和值班值守情况。检查组要求各单位压实安全责任，及时消除隐患，确保文物安全万无一失。"
)


def index(*releases: PublishedRelease) -> PublishedIndex:
    return PublishedIndex(releases)


def test_minhash_estimate_is_close_to_the_true_jaccard_similarity() -> None:
    first = shingle_hashes(NOTICE)
    second = shingle_hashes(NOTICE[:150] + OTHER)
    true = len(first & second) / len(first | second)
    estimate = estimate_jaccard(sketch(first, 256), sketch(second, 256), 256)
    assert 0.2 < true < 0.8
    assert abs(estimate - true) < 0.1


def test_sketches_do_not_depend_on_the_process() -> None:
    # BLAKE2b, not Python's salted hash(): sketches can be stored and compared later.
    assert sketch(shingle_hashes("政务公开工作要点")) == (
        1954246262012480061,
        1961527749740214673,
        8570364924785860051,
        13663389882828854222,
    )


def test_lightly_edited_copy_is_a_near_duplicate_with_shared_passages() -> None:
    published = PublishedRelease(
        "rel-2024-031", "关于春季学期招生入学工作的通知", NOTICE
    )
    edited = NOTICE.replace("3月15日", "3月20日").replace("网上报名", "线上报名")
    [match] = index(published).near_duplicates(edited)
    assert match.release_id == "rel-2024-031"
    assert match.similarity > 0.7
    assert len(match.passages) >= 2
    for passage in match.passages:
        assert edited[passage.start : passage.end] == passage.text
        assert NOTICE[passage.other_start : passage.other_end] == passage.text


def test_unrelated_release_is_not_a_near_duplicate() -> None:
    assert (
        index(PublishedRelease("r1", "文物安全检查", OTHER)).near_duplicates(NOTICE)
        == []
    )


def test_spacing_and_punctuation_changes_do_not_hide_a_copy() -> None:
    respaced = " ".join(NOTICE).replace("，", ",").replace("。", ". ")
    [match] = index(PublishedRelease("r1", "通知", NOTICE)).near_duplicates(respaced)
    assert match.similarity == 1.0
    [passage] = match.passages
    assert (passage.other_start, passage.other_end) == (0, len(NOTICE) - 1)


def test_run_checks_reports_a_near_duplicate_on_the_body_with_its_release_id() -> None:
    context = CheckContext(
        published=index(PublishedRelease("rel-7", "招生通知", NOTICE))
    )
    report = run_checks(CheckedDocument.from_plain_text("招生通知", NOTICE), context)
    [finding] = [f for f in report.findings if f.code is CheckCode.NEAR_DUPLICATE]
    assert (finding.severity, finding.field, finding.release_id) == (
        Severity.WARNING,
        "body",
        "rel-7",
    )
    assert finding.passages
    assert report.duplicates[0].release_id == "rel-7"


GDP = "2023年，全区实现地区生产总值1,286.5亿元，同比增长5.8%。"


def contradictions(
    text: str, *published: str
) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    corpus = index(
        *(PublishedRelease(f"r{i}", f"发布{i}", t) for i, t in enumerate(published))
    )
    return [
        (text[c.start : c.end], c.figures, c.other_figures)
        for c in corpus.contradictions(text)
    ]


def test_same_sentence_with_a_different_figure_is_a_possible_contradiction() -> None:
    text = "2023年，全区实现地区生产总值1,290亿元，同比增长5.8%。"
    assert contradictions(text, "据统计。" + GDP) == [
        (
            "2023年，全区实现地区生产总值1,290亿元，同比增长5.8%",
            ("2023", "1290", "5.8%"),
            ("2023", "1286.5", "5.8%"),
        )
    ]


def test_same_sentence_with_the_same_figures_is_not_reported() -> None:
    assert (
        contradictions("2023年，全区实现地区生产总值1286.50亿元，同比增长5.8%。", GDP)
        == []
    )


def test_short_sentences_with_figures_are_ignored() -> None:
    assert contradictions("共3人。", "共5人。") == []


def test_reworded_statement_is_not_detected_a_documented_limit() -> None:
    assert (
        contradictions("全区地区生产总值在2023年达到1,290亿元，增长5.8%。", GDP) == []
    )


def test_contradiction_finding_locates_both_sentences() -> None:
    context = CheckContext(
        published=index(PublishedRelease("rel-1", "经济运行情况", "前言。" + GDP))
    )
    body = "<p>2023年，全区实现地区生产总值1,290亿元，同比增长5.8%。</p>"
    report = run_checks(CheckedDocument(body_html=body), context)
    [finding] = [f for f in report.findings if f.code is CheckCode.CONTRADICTION]
    assert (finding.code, finding.severity, finding.release_id) == (
        CheckCode.CONTRADICTION,
        Severity.WARNING,
        "rel-1",
    )
    [passage] = finding.passages
    assert ("前言。" + GDP)[passage.other_start : passage.other_end] == GDP.rstrip("。")


def test_candidate_filter_misses_no_release_whose_estimate_reaches_the_threshold() -> (
    None
):
    rng = random.Random(3)
    variants = []
    for number in range(40):
        chars = list(NOTICE)
        for _ in range(rng.randint(0, 60)):  # from untouched to heavily edited
            chars[rng.randrange(len(chars))] = rng.choice(OTHER)
        variants.append(PublishedRelease(f"v{number}", "变体", "".join(chars)))
    corpus = index(*variants)
    query = corpus.sketch(CompactText.of(NOTICE).text)
    expected = {
        v.release_id
        for v in variants
        if estimate_jaccard(query, corpus.sketch(CompactText.of(v.text).text))
        >= corpus.threshold
    }
    found = {m.release_id for m in corpus.near_duplicates(NOTICE)}
    assert 5 < len(expected) < 40
    assert found == expected
