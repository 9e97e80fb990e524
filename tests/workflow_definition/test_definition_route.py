"""resolve_route(): the stages a release passes, who acts at each as data, and why stages are skipped."""

from __future__ import annotations

import pytest

from fabu.tenancy.roles import Role
from fabu.workflow.definition import (
    ActingMode,
    ActorKind,
    ActorSpec,
    ApproverLevel,
    DepartmentRef,
    ProblemCode,
    Route,
    RouteError,
    load_builtin_matrix,
    load_builtin_template,
    matrix_from_data,
    resolve_route,
    template_from_data,
)
from workflow_definition.definition_factories import facts, matrix_data, rule, stage, template_data

LEAD_REVIEWER = ActorSpec(
    kind=ActorKind.ROLE_IN_DEPARTMENT, role=Role.DEPARTMENT_REVIEWER, department=DepartmentRef.LEAD
)


def standard_route(**release: object) -> Route:
    return resolve_route(load_builtin_template("standard"), facts(**release), load_builtin_matrix("standard-matrix"))


def test_a_routine_single_department_update_skips_countersign_and_says_why() -> None:
    route = standard_route()

    assert route.keys == ("drafting", "department_review", "office_review", "leadership_approval", "proofread", "ready")
    (skipped,) = route.skipped
    assert skipped.key == "countersign"
    assert skipped.reason_zh == "不适用：不满足“有会签部门 或 敏感程度为「敏感」”"
    assert skipped.reason_en == "does not apply: it needs there are co-departments or sensitivity is sensitive"


def test_approval_and_returns_lead_to_stages_that_apply() -> None:
    route = standard_route()

    assert route.stage("department_review").approve_to == "office_review"
    # The office may return to countersign; without one that means the department review before it.
    assert route.stage("office_review").return_to == ("drafting", "department_review")
    assert route.stage("office_review").reject_to == "rejected"
    assert route.stage("ready").approve_to is None
    assert route.withdraw_at == ("department_review", "office_review")
    assert route.withdraw_to == "drafting"
    assert route.edit_return_to == "department_review"


def test_each_stage_names_its_actors_as_specs() -> None:
    route = standard_route()

    drafting, review, office, approval, proofread, ready = route.stages
    assert (drafting.mode, drafting.actors) == (
        ActingMode.SUBMIT,
        (ActorSpec(kind=ActorKind.ROLE_IN_DEPARTMENT, role=Role.DRAFTER, department=DepartmentRef.LEAD),),
    )
    assert (review.mode, review.actors) == (ActingMode.ANY_ONE, (LEAD_REVIEWER,))
    assert office.actors == (ActorSpec(kind=ActorKind.OFFICE_ROLE, role=Role.OFFICE_REVIEWER),)
    assert approval.mode is ActingMode.EACH_IN_ORDER
    assert approval.actors == (ActorSpec(kind=ActorKind.MATRIX_APPROVERS, approvers=(ApproverLevel.DEPARTMENT_HEAD,)),)
    assert approval.approval is not None
    assert approval.approval.steps == (LEAD_REVIEWER,)
    assert (proofread.mode, proofread.actors) == (ActingMode.PROOFREAD, (ActorSpec(kind=ActorKind.UNIT_ROLE, role=Role.PUBLISHER),))
    assert proofread.proofread_limit == 30
    assert ready.mode is ActingMode.NONE
    assert ready.actors == ()


def test_co_departments_bring_in_countersign_with_its_consolidator_and_arbiter() -> None:
    route = standard_route(importance="important", co_departments=("finance", "legal"))

    assert route.keys == (
        "drafting",
        "department_review",
        "countersign",
        "office_review",
        "leadership_approval",
        "proofread",
        "ready",
    )
    countersign = route.stage("countersign")
    assert countersign.mode is ActingMode.COUNTERSIGN
    assert countersign.applies_zh == "适用：有会签部门 或 敏感程度为「敏感」"
    assert countersign.countersign is not None
    assert countersign.countersign.departments == ("finance", "legal")
    assert countersign.countersign.participants.department is DepartmentRef.CO
    assert countersign.countersign.consolidator == LEAD_REVIEWER
    assert countersign.countersign.arbiter == ActorSpec(
        kind=ActorKind.SUPERVISING_LEADER_OF, department=DepartmentRef.LEAD
    )
    assert not countersign.countersign.departments_to_be_named
    assert route.stage("office_review").return_to == ("drafting", "department_review", "countersign")
    assert route.approvers == (ApproverLevel.SUPERVISING_LEADER,)


def test_a_sensitive_item_without_co_departments_still_goes_to_countersign_for_the_lead_to_name_them() -> None:
    route = standard_route(sensitivity="sensitive")

    countersign = route.stage("countersign")
    assert countersign.countersign is not None
    assert countersign.countersign.departments == ()
    assert countersign.countersign.departments_to_be_named


def test_a_sensitive_policy_interpretation_touching_three_departments_needs_both_leaders_in_order() -> None:
    route = standard_route(
        importance="important", sensitivity="sensitive", category="政策解读", co_departments=("finance", "legal")
    )

    approval = route.stage("leadership_approval").approval
    assert approval is not None
    assert approval.approvers == (ApproverLevel.SUPERVISING_LEADER, ApproverLevel.PRINCIPAL_LEADER)
    assert approval.steps == (
        ActorSpec(kind=ActorKind.SUPERVISING_LEADER_OF, department=DepartmentRef.LEAD),
        ActorSpec(kind=ActorKind.PRINCIPAL_LEADER),
    )
    assert approval.explanation.matched is not None
    assert approval.explanation.matched.key == "sensitive"
    assert route.matrix_key == "standard-matrix"


def test_deadlines_and_check_gates_travel_with_the_route() -> None:
    route = standard_route()

    review = route.stage("department_review")
    assert review.gated_by_checks
    assert review.deadline is not None
    assert review.deadline.escalate_to == ActorSpec(kind=ActorKind.SUPERVISING_LEADER_OF, department=DepartmentRef.LEAD)
    assert not route.stage("drafting").gated_by_checks


def test_the_simple_template_routes_without_countersign() -> None:
    route = resolve_route(
        load_builtin_template("simple"),
        facts(sensitivity="sensitive", co_departments=("finance",)),
        load_builtin_matrix("standard-matrix"),
    )

    assert route.keys == ("drafting", "section_review", "office_check", "leadership_approval", "ready")
    assert route.skipped == ()


def test_an_approval_stage_needs_the_matrix_the_template_names() -> None:
    template = load_builtin_template("standard")
    other = matrix_from_data(matrix_data(rule("all")))

    with pytest.raises(RouteError) as missing:
        resolve_route(template, facts())
    with pytest.raises(RouteError) as mismatched:
        resolve_route(template, facts(), other)

    assert missing.value.code == ProblemCode.MATRIX_REQUIRED
    assert mismatched.value.code == ProblemCode.MATRIX_MISMATCH
    assert "standard-matrix" in mismatched.value.message_zh


def test_a_matrix_gap_stops_resolution_with_the_explanation() -> None:
    template = load_builtin_template("standard")
    gappy = matrix_from_data(
        matrix_data(rule("major", importance="major", approvers=("principal_leader",)), key="standard-matrix")
    )

    with pytest.raises(RouteError) as caught:
        resolve_route(template, facts(), gappy)

    assert caught.value.code == ProblemCode.NO_MATRIX_RULE
    assert "矩阵有缺口" in caught.value.message_zh


def test_a_route_survives_json_for_storage() -> None:
    route = standard_route(importance="major", co_departments=("finance",))

    assert Route.model_validate_json(route.model_dump_json()) == route


def test_a_template_without_approval_needs_no_matrix() -> None:
    template = template_from_data(
        template_data(
            stage("drafting", "draft"), stage("review", "review"), stage("ready", "ready"), authority_matrix=None
        )
    )

    route = resolve_route(template, facts())

    assert route.keys == ("drafting", "review", "ready")
    assert route.approvers == ()
    assert route.matrix_key is None
    assert route.rejected is None
