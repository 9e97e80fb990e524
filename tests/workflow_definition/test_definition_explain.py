"""explain() says which rule of the matrix decided the approvers and why, and why earlier rules were skipped."""

from __future__ import annotations

from fabu.workflow.definition import ApproverLevel, MatrixDimension, explain, load_builtin_matrix, matrix_from_data
from workflow_definition.definition_factories import facts, matrix_data, rule


def test_a_routine_work_update_is_approved_by_the_department_head() -> None:
    matrix = load_builtin_matrix("standard-matrix")

    explanation = explain(matrix, facts(importance="routine", sensitivity="normal", category="工作动态"))

    assert explanation.matched is not None
    assert explanation.matched.key == "routine"
    assert explanation.approvers == (ApproverLevel.DEPARTMENT_HEAD,)
    assert [(skipped.key, [check.dimension for check in skipped.failed]) for skipped in explanation.skipped] == [
        ("major", [MatrixDimension.IMPORTANCE]),
        ("sensitive", [MatrixDimension.SENSITIVITY]),
        ("policy", [MatrixDimension.CATEGORY]),
        ("important", [MatrixDimension.IMPORTANCE]),
    ]
    assert (
        explanation.summary_zh
        == "依审定权限矩阵第 5 条规则「常规工作动态、一般性通知：部门负责人审定」（routine），由部门负责人审定。"
    )
    assert "approval by department head" in explanation.summary_en
    assert (
        "跳过第 3 条「政策文件和政策解读：报主要领导审定」：信息类别「工作动态」不在规则所列「政策文件」、「政策解读」之中"
        in explanation.text_zh()
    )
    assert (
        "skipped rule 3 “Policy documents and interpretations: the principal leader”: category 工作动态 is not among 政策文件, 政策解读"
        in explanation.text_en()
    )


def test_a_sensitive_policy_interpretation_touching_three_departments_goes_to_the_supervising_then_principal_leader() -> (
    None
):
    matrix = load_builtin_matrix("standard-matrix")
    release = facts(
        importance="important",
        sensitivity="sensitive",
        category="政策解读",
        lead_department="policy",
        co_departments=("finance", "legal"),
    )

    explanation = explain(matrix, release)

    assert explanation.approvers == (ApproverLevel.SUPERVISING_LEADER, ApproverLevel.PRINCIPAL_LEADER)
    assert explanation.matched is not None
    assert explanation.matched.key == "sensitive"
    (major,) = explanation.skipped
    assert major.key == "major"
    assert major.reason_zh == "重要程度「重要」不在规则所列「重大」之中"
    assert major.reason_en == "importance important is not among major"
    matched = {check.dimension: check for check in explanation.matched.dimensions}
    assert matched[MatrixDimension.SENSITIVITY].message_zh == "敏感程度「敏感」在规则所列「敏感」之中"
    assert matched[MatrixDimension.IMPORTANCE].wildcard
    assert matched[MatrixDimension.IMPORTANCE].message_en == "importance important: the rule accepts any (*)"
    assert "分管领导 → 主要领导" in explanation.summary_zh


def test_a_routine_policy_document_goes_straight_to_the_principal_leader() -> None:
    explanation = explain(load_builtin_matrix("standard-matrix"), facts(category="政策文件"))

    assert explanation.approvers == (ApproverLevel.PRINCIPAL_LEADER,)
    assert explanation.matched is not None
    assert explanation.matched.key == "policy"


def test_channel_dimensions_are_explained_by_the_channels_chosen() -> None:
    matrix = matrix_from_data(
        matrix_data(rule("weibo", channel=["weibo"], approvers=("supervising_leader",)), rule("rest"))
    )

    on_weibo = explain(matrix, facts(channels=("portal", "weibo")))
    nowhere = explain(matrix, facts())

    assert on_weibo.matched is not None
    assert on_weibo.matched.key == "weibo"
    channel = on_weibo.matched.dimensions[-1]
    assert channel.message_zh == "发布渠道「portal」、「weibo」含有规则所列「weibo」"
    assert nowhere.skipped[0].reason_en == "channels (none chosen) include none of weibo"


def test_a_gap_is_explained_rather_than_guessed() -> None:
    matrix = matrix_from_data(matrix_data(rule("major", importance="major", approvers=("principal_leader",))))

    explanation = explain(matrix, facts())

    assert explanation.matched is None
    assert explanation.approvers == ()
    assert len(explanation.skipped) == 1
    assert "矩阵有缺口" in explanation.summary_zh
