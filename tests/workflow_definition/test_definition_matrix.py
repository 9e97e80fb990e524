"""The authority matrix: explicit wildcards, first match wins, gaps refused with the combinations, dead rules flagged."""

from __future__ import annotations

import pytest

from fabu.workflow.definition import (
    ANY,
    OTHER_CHANNELS,
    ApproverLevel,
    DefinitionError,
    Importance,
    MatrixDimension,
    MatrixGap,
    ProblemCode,
    Sensitivity,
    Severity,
    check_matrix,
    check_matrix_coverage,
    ensure_matrix_complete,
    matrix_from_data,
    matrix_to_data,
)
from workflow_definition.definition_factories import CATALOGUE, facts, found, matrix_data, refused, rule


def test_one_value_reads_as_a_list_and_the_wildcard_as_none() -> None:
    matrix = matrix_from_data(
        matrix_data(rule("major", importance="major", approvers=("principal_leader",)), rule("rest"))
    )

    major = matrix.rule("major")
    assert major.importance == (Importance.MAJOR,)
    assert major.sensitivity is None
    assert major.listed(MatrixDimension.CATEGORY) is None
    assert matrix_to_data(matrix)["rules"][0]["importance"] == ["major"]
    assert matrix_to_data(matrix)["rules"][0]["category"] == ANY


def test_the_first_matching_rule_decides() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule("weibo", channel=["weibo"], approvers=("supervising_leader",)),
            rule("rest"),
        )
    )

    assert matrix.first_match(facts(channels=("portal", "weibo"))) == matrix.rule("weibo")
    assert matrix.first_match(facts(channels=("portal",))) == matrix.rule("rest")
    assert matrix.first_match(facts()) == matrix.rule("rest")


def test_every_dimension_but_channel_must_be_written_out() -> None:
    data = matrix_data(rule("r"))
    del data["rules"][0]["category"]
    data["rules"][0]["importance"] = None

    assert found(refused(matrix_from_data, data)) == {
        ("rules[0].category", "MISSING_FIELD"),
        ("rules[0].importance", "MISSING_FIELD"),
    }


def test_structural_problems_of_a_matrix_are_all_listed() -> None:
    data = matrix_data(
        rule("a", importance=["urgent"], approvers=()),
        rule("b", sensitivity="涉密", approvers=("mayor",)),
        rule("c", category=[]),
    )

    assert found(refused(matrix_from_data, data)) == {
        ("rules[0].importance[0]", "INVALID_VALUE"),
        ("rules[0].approvers", "TOO_FEW_ITEMS"),
        ("rules[1].sensitivity[0]", "CLASSIFIED_NOT_ALLOWED"),
        ("rules[1].approvers[0]", "INVALID_VALUE"),
        ("rules[2].category", "TOO_FEW_ITEMS"),
    }


def test_semantic_problems_of_a_matrix_are_all_listed() -> None:
    data = matrix_data(
        rule("a", approvers=("principal_leader", "supervising_leader")),
        rule("a", importance=["major", "major"]),
        rule("c", approvers=("department_head", "department_head")),
    )

    assert found(refused(matrix_from_data, data)) == {
        ("rules[0].approvers", "APPROVERS_OUT_OF_ORDER"),
        ("rules[1].key", "DUPLICATE_RULE_KEY"),
        ("rules[1].importance", "DUPLICATE_VALUE"),
        ("rules[2].approvers", "DUPLICATE_VALUE"),
    }


# Gaps -------------------------------------------------------------------------------------------


def test_a_complete_matrix_applies_to_the_catalogue() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule("major-or-sensitive-a", importance="major", approvers=("supervising_leader", "principal_leader")),
            rule("sensitive", sensitivity="sensitive", approvers=("supervising_leader", "principal_leader")),
            rule("rest"),
        )
    )

    coverage = ensure_matrix_complete(matrix, CATALOGUE)

    assert coverage.complete
    assert coverage.gaps == ()
    assert coverage.shadowed == ()


def test_a_matrix_with_gaps_is_refused_listing_every_missing_combination() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule("major", importance="major", approvers=("principal_leader",)),
            rule("important", importance="important", approvers=("supervising_leader",)),
            rule("routine-normal", importance="routine", sensitivity="normal", category=["工作动态", "通知公告"]),
        )
    )

    with pytest.raises(DefinitionError) as caught:
        ensure_matrix_complete(matrix, ["工作动态", "通知公告", "政策解读"])

    gaps = {
        (gap.importance, gap.sensitivity, gap.category)
        for gap in check_matrix_coverage(matrix, ["工作动态", "通知公告", "政策解读"]).gaps
    }
    assert gaps == {
        (Importance.ROUTINE, Sensitivity.SENSITIVE, "工作动态"),
        (Importance.ROUTINE, Sensitivity.SENSITIVE, "通知公告"),
        (Importance.ROUTINE, Sensitivity.SENSITIVE, "政策解读"),
        (Importance.ROUTINE, Sensitivity.NORMAL, "政策解读"),
    }
    problems = caught.value.problems
    assert {problem.code for problem in problems} == {ProblemCode.MATRIX_GAP}
    assert len(problems) == 4
    assert any("重要程度「一般」× 敏感程度「敏感」× 信息类别「政策解读」" in problem.message_zh for problem in problems)
    assert any(
        "importance routine × sensitivity normal × category 政策解读" in problem.message_en for problem in problems
    )


def test_a_channel_only_rule_leaves_other_channels_uncovered() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule("weibo", channel="weibo", approvers=("supervising_leader",)),
            rule("not-routine", importance=["important", "major"]),
        )
    )

    gaps = check_matrix_coverage(matrix, ["工作动态"]).gaps

    assert set(gaps) == {
        MatrixGap(importance=Importance.ROUTINE, sensitivity=sensitivity, category="工作动态", channel=OTHER_CHANNELS)
        for sensitivity in Sensitivity
    }
    assert "发布渠道不含规则所列任何渠道" in gaps[0].describe()[0]


def test_a_combination_nothing_covers_is_reported_once_for_all_channels() -> None:
    matrix = matrix_from_data(
        matrix_data(rule("wechat", channel="wechat", importance="major"), rule("normal", sensitivity="normal"))
    )

    gaps = check_matrix_coverage(matrix, ["工作动态"]).gaps

    assert (
        MatrixGap(importance=Importance.ROUTINE, sensitivity=Sensitivity.SENSITIVE, category="工作动态", channel=ANY)
        in gaps
    )


def test_a_category_outside_the_catalogue_is_flagged_not_refused() -> None:
    matrix = matrix_from_data(
        matrix_data(rule("policy", category=["政策文件", "规范性文件"], approvers=("principal_leader",)), rule("rest"))
    )

    coverage = ensure_matrix_complete(matrix, CATALOGUE)

    assert [(problem.path, problem.code, problem.severity) for problem in coverage.problems] == [
        ("rules[0].category[1]", ProblemCode.UNKNOWN_CATEGORY, Severity.WARNING)
    ]


# Rules that never match ----------------------------------------------------------------------------


def test_a_rule_after_a_catch_all_is_flagged_as_shadowed() -> None:
    matrix = matrix_from_data(
        matrix_data(rule("everything"), rule("major", importance="major", approvers=("principal_leader",)))
    )

    warnings = check_matrix(matrix)

    assert [(problem.path, problem.code, problem.severity) for problem in warnings] == [
        ("rules[1]", ProblemCode.SHADOWED_RULE, Severity.WARNING)
    ]
    assert "everything" in warnings[0].message_zh
    assert check_matrix_coverage(matrix, CATALOGUE).shadowed == ("major",)


def test_a_rule_covered_by_several_earlier_rules_together_is_shadowed() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule("normal", sensitivity="normal"),
            rule("sensitive", sensitivity="sensitive", approvers=("supervising_leader",)),
            rule("policy", category="政策文件", approvers=("principal_leader",)),
        )
    )

    (warning,) = check_matrix(matrix)

    assert warning.path == "rules[2]"
    assert "normal" in warning.message_en
    assert "sensitive" in warning.message_en


def test_a_rule_only_for_categories_outside_the_catalogue_never_matches() -> None:
    matrix = matrix_from_data(matrix_data(rule("old", category="已撤销类别"), rule("rest")))

    coverage = check_matrix_coverage(matrix, CATALOGUE)

    assert coverage.shadowed == ("old",)
    assert coverage.complete


def test_a_channel_rule_is_not_shadowed_by_a_rule_for_another_channel() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule("weibo", channel="weibo", approvers=("supervising_leader",)),
            rule("wechat", channel="wechat"),
            rule("rest"),
        )
    )

    assert check_matrix(matrix) == []


def test_approvers_are_ordered_levels() -> None:
    assert [level.rank for level in ApproverLevel] == [0, 1, 2]
    assert ApproverLevel.SUPERVISING_LEADER.label_zh == "分管领导"
