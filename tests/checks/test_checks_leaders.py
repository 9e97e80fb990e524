"""Leaders' titles are checked against the roster next to their names."""

from __future__ import annotations

from fabu.checks import (
    CheckCode,
    CheckContext,
    CheckedDocument,
    Roster,
    Severity,
    run_checks,
)

ROSTER = Roster.from_mapping(
    {
        "张建国": ["市长"],
        "李红梅": ["常务副市长"],
        "王志强": ["市委副书记", "市长"],
        "赵立新": "书记",
    },
    former={"张建国": ["副市长"]},
)


def issues(text: str) -> list[tuple[str, str, str | None, bool]]:
    return [
        (i.leader.name, i.written, i.suggestion, i.former)
        for i in ROSTER.find_issues(text)
    ]


def test_outdated_title_before_a_name_is_reported_with_the_current_title() -> None:
    assert issues("副市长张建国出席会议并讲话。") == [
        ("张建国", "副市长", "市长", True)
    ]


def test_current_title_is_not_reported() -> None:
    assert issues("市长张建国出席会议并讲话。") == []


def test_rank_word_missing_from_the_title_is_reported() -> None:
    assert issues("市长李红梅主持会议。") == [("李红梅", "市长", "常务副市长", False)]


def test_shorter_or_longer_form_of_the_same_rank_is_accepted() -> None:
    assert issues("副市长李红梅主持会议。市委书记赵立新强调。") == []


def test_each_title_in_a_chain_is_checked() -> None:
    assert issues("市委书记、市长王志强调研。") == [
        ("王志强", "市委书记", "市委副书记", False)
    ]


def test_title_after_the_name_is_checked() -> None:
    assert issues("张建国副市长指出，要抓好落实。") == [
        ("张建国", "副市长", "市长", True)
    ]


def test_title_belonging_to_the_next_name_is_not_given_to_the_previous_one() -> None:
    assert issues("市长张建国副市长李红梅出席。") == []


def test_name_without_a_title_is_not_reported() -> None:
    assert issues("张建国同志出席会议。") == []


def test_leader_title_finding_is_blocking_and_points_at_the_title() -> None:
    report = run_checks(
        CheckedDocument(body_html="<p>会上，副市长张建国作工作报告。</p>"),
        CheckContext(roster=ROSTER),
    )
    [finding] = report.findings
    assert (finding.code, finding.severity) == (
        CheckCode.LEADER_TITLE,
        Severity.BLOCKING,
    )
    assert report.texts["body"].text[finding.start : finding.end] == "副市长"
    assert finding.suggestion == "市长"
    assert "原任职务" in finding.message_zh
