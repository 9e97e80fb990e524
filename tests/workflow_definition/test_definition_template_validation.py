"""A template is refused with every problem listed, each at its path, in Chinese and English."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from fabu.workflow.definition import (
    ApprovalStage,
    CountersignStage,
    ProblemCode,
    ReviewStage,
    StageKind,
    WorkflowTemplate,
    problems_from_validation_error,
    template_from_data,
)
from workflow_definition.definition_factories import LEAD_REVIEWER, found, refused, stage, template_data


def test_a_small_valid_template_loads_with_typed_stages() -> None:
    template = template_from_data(template_data())

    assert [stage.kind for stage in template.stages] == ["draft", "review", "approval", "ready", "rejected"]
    assert isinstance(template.stage("review"), ReviewStage)
    assert isinstance(template.stage("approval"), ApprovalStage)
    assert template.ready_stage.key == "ready"
    assert template.rejected_stage is not None


def test_every_problem_message_is_bilingual_and_addressed() -> None:
    data = template_data()
    data["stages"][1]["outcomes"]["return_to"] = ["nowhere"]

    error = refused(template_from_data, data)

    (problem,) = error.problems
    assert problem.path == "stages[1].outcomes.return_to[0]"
    assert problem.code is ProblemCode.UNKNOWN_STAGE
    assert "nowhere" in problem.message_zh
    assert "环节" in problem.message_zh
    assert "no stage keyed nowhere" in problem.message_en


# Structure ----------------------------------------------------------------------------------------


def test_structural_problems_are_all_listed_at_once() -> None:
    data = template_data()
    del data["name"]
    data["version"] = "one"
    data["colour"] = "red"
    data["stages"][1]["actors"] = "the reviewer"
    data["stages"][2]["kind"] = "vote"
    data["stages"][3]["key"] = "Ready Stage"

    error = refused(template_from_data, data)

    assert found(error) == {
        ("name", "MISSING_FIELD"),
        ("version", "WRONG_TYPE"),
        ("colour", "UNKNOWN_KEY"),
        ("stages[1].actors", "WRONG_TYPE"),
        ("stages[2].kind", "UNKNOWN_STAGE_KIND"),
        ("stages[3].key", "BAD_KEY_FORMAT"),
    }


def test_a_field_that_does_not_belong_to_the_stage_kind_is_an_unknown_key() -> None:
    data = template_data()
    data["stages"][2]["actors"] = [LEAD_REVIEWER]  # approval stages take their actors from the matrix
    data["stages"][0]["when"] = {"field": "sensitivity", "equals": "sensitive"}  # drafting always applies

    error = refused(template_from_data, data)

    assert found(error) == {("stages[2].actors", "UNKNOWN_KEY"), ("stages[0].when", "UNKNOWN_KEY")}


def test_a_stage_without_kind_is_refused() -> None:
    data = template_data()
    del data["stages"][1]["kind"]

    assert found(refused(template_from_data, data)) == {("stages[1].kind", "MISSING_FIELD")}


@pytest.mark.parametrize(
    ("actor", "path"),
    [
        ({"kind": "role_in_department", "department": "lead"}, "stages[1].actors[0]"),
        ({"kind": "principal_leader", "department": "lead"}, "stages[1].actors[0]"),
        ({"kind": "supervising_leader_of"}, "stages[1].actors[0]"),
        ({"kind": "role_in_department", "role": "office_reviewer", "department": "office"}, "stages[1].actors[0]"),
    ],
)
def test_actor_fields_must_fit_the_actor_kind(actor: dict[str, Any], path: str) -> None:
    data = template_data()
    data["stages"][1]["actors"] = [actor]

    assert found(refused(template_from_data, data)) == {(path, "ACTOR_SHAPE")}


def test_unknown_role_and_actor_kind_are_invalid_values() -> None:
    data = template_data()
    data["stages"][1]["actors"] = [
        {"kind": "role_in_department", "role": "boss", "department": "lead"},
        {"kind": "mayor"},
    ]

    assert found(refused(template_from_data, data)) == {
        ("stages[1].actors[0].role", "INVALID_VALUE"),
        ("stages[1].actors[1].kind", "INVALID_VALUE"),
    }


# Durations ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("within", ["P1M", "P1Y", "2 days", "P", "PT", "P2DT", 0, -5, True, 9000, "P400D", [1]])
def test_bad_deadline_durations_are_refused(within: object) -> None:
    data = template_data()
    data["stages"][1]["deadline"] = {"within": within}

    assert found(refused(template_from_data, data)) == {("stages[1].deadline.within", "BAD_DURATION")}


def test_months_are_refused_with_a_hint_to_use_days() -> None:
    data = template_data()
    data["stages"][1]["deadline"] = {"within": "P1M"}

    (problem,) = refused(template_from_data, data).problems

    assert "P30D" in problem.message_en
    assert "天" in problem.message_zh


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        (48, timedelta(hours=48)),
        (1.5, timedelta(minutes=90)),
        ("P2D", timedelta(days=2)),
        ("PT36H", timedelta(hours=36)),
        ("P1DT12H30M", timedelta(days=1, hours=12, minutes=30)),
        ("P1W", timedelta(days=7)),
        ("pt4h", timedelta(hours=4)),
    ],
)
def test_deadlines_accept_iso_durations_and_hours(within: object, expected: timedelta) -> None:
    data = template_data()
    data["stages"][1]["deadline"] = {"within": within}

    review = template_from_data(data).stage("review")

    assert isinstance(review, ReviewStage)
    assert review.deadline is not None
    assert review.deadline.within == expected


# Semantics --------------------------------------------------------------------------------------


def test_semantic_problems_are_all_listed_at_once() -> None:
    data = template_data(
        stage("drafting", "draft"),
        stage("review", "review", outcomes={"return_to": ["approval", "ghost"], "reject": True}),
        stage("review", "review"),
        stage("approval", "approval", outcomes={"approve": "drafting"}),
        stage("rejected", "rejected"),
        stage("done", "review"),
        authority_matrix=None,
        edit_after_approval={"return_to": "rejected"},
    )

    error = refused(template_from_data, data)

    assert found(error) == {
        ("stages[2].key", "DUPLICATE_STAGE_KEY"),
        ("stages", "NO_READY_STAGE"),
        ("stages[4]", "TERMINAL_STAGE_NOT_LAST"),
        ("stages[1].outcomes.return_to[0]", "RETURN_NOT_EARLIER"),
        ("stages[1].outcomes.return_to[1]", "UNKNOWN_STAGE"),
        ("stages[3]", "APPROVAL_WITHOUT_MATRIX"),
        ("stages[3].outcomes.approve", "APPROVE_NOT_FORWARD"),
        ("edit_after_approval.return_to", "EDIT_RETURN_INVALID"),
        ("stages[5]", "UNREACHABLE_STAGE"),  # "done" stands after a terminal stage
    }


def test_return_targets_must_be_earlier_named_working_stages() -> None:
    data = template_data()
    data["stages"][1]["outcomes"]["return_to"] = ["review", "approval"]
    data["stages"][2]["outcomes"]["return_to"] = ["rejected", "drafting", "drafting"]

    assert found(refused(template_from_data, data)) == {
        ("stages[1].outcomes.return_to[0]", "RETURN_NOT_EARLIER"),
        ("stages[1].outcomes.return_to[1]", "RETURN_NOT_EARLIER"),
        ("stages[2].outcomes.return_to[0]", "RETURN_TO_TERMINAL"),
        ("stages[2].outcomes.return_to", "DUPLICATE_VALUE"),
    }


def test_a_stage_jumped_over_by_every_approval_is_unreachable() -> None:
    data = template_data(
        stage("drafting", "draft"),
        stage("review", "review", outcomes={"approve": "approval"}),
        stage("legal", "review"),
        stage("approval", "approval"),
        stage("ready", "ready"),
        stage("rejected", "rejected"),
    )

    assert found(refused(template_from_data, data)) == {
        ("stages[2]", "UNREACHABLE_STAGE"),
        ("stages[5]", "UNREACHABLE_STAGE"),  # nothing may reject, so "rejected" is never reached
    }


def test_a_stage_whose_condition_can_never_hold_is_flagged_once() -> None:
    impossible = {
        "all": [{"field": "sensitivity", "equals": "sensitive"}, {"field": "sensitivity", "equals": "normal"}]
    }
    data = template_data()
    data["stages"][1]["when"] = impossible

    assert found(refused(template_from_data, data)) == {("stages[1].when", "CONDITION_NEVER_TRUE")}


def test_draft_comes_first_once_and_ready_exactly_once() -> None:
    data = template_data(
        stage("review", "review"),
        stage("drafting", "draft"),
        stage("ready", "ready"),
        stage("also_ready", "ready"),
    )

    assert found(refused(template_from_data, data)) == {
        ("stages[0].kind", "DRAFT_NOT_FIRST"),
        ("stages[1].kind", "DRAFT_NOT_FIRST"),
        ("stages[3].kind", "MULTIPLE_READY_STAGES"),
        ("stages[3]", "UNREACHABLE_STAGE"),
    }


def test_next_is_a_reserved_stage_key() -> None:
    data = template_data()
    data["stages"][1]["key"] = "next"
    data["stages"][2]["outcomes"]["return_to"] = ["drafting"]
    data["edit_after_approval"] = {"return_to": "drafting"}

    assert found(refused(template_from_data, data)) == {("stages[1].key", "RESERVED_STAGE_KEY")}


def test_rejecting_needs_a_rejected_stage() -> None:
    data = template_data()
    del data["stages"][4]

    assert found(refused(template_from_data, data)) == {
        ("stages[1].outcomes.reject", "REJECT_WITHOUT_REJECTED_STAGE"),
        ("stages[2].outcomes.reject", "REJECT_WITHOUT_REJECTED_STAGE"),
    }


def test_an_approval_stage_needs_the_template_to_name_a_matrix() -> None:
    data = template_data(authority_matrix=None)

    assert found(refused(template_from_data, data)) == {("stages[2]", "APPROVAL_WITHOUT_MATRIX")}


def test_escalation_needs_a_target_and_a_target_needs_escalation() -> None:
    data = template_data()
    data["stages"][1]["deadline"] = {"within": "P2D", "overdue": "escalate"}
    data["stages"][2]["deadline"] = {"within": "P2D", "escalate_to": {"kind": "principal_leader"}}

    assert found(refused(template_from_data, data)) == {
        ("stages[1].deadline.escalate_to", "ESCALATION_TARGET_MISSING"),
        ("stages[2].deadline.escalate_to", "ESCALATION_TARGET_UNUSED"),
    }


def test_the_reminder_must_come_before_the_deadline() -> None:
    data = template_data()
    data["stages"][1]["deadline"] = {"within": "PT8H", "remind_before": "P1D"}

    assert found(refused(template_from_data, data)) == {
        ("stages[1].deadline.remind_before", "REMINDER_NOT_BEFORE_DEADLINE")
    }


def test_countersign_opinions_come_from_the_co_departments() -> None:
    countersign = stage(
        "countersign",
        "countersign",
        participants=LEAD_REVIEWER,
        consolidator={"kind": "role_in_department", "role": "department_reviewer", "department": "co"},
        arbiter={"kind": "supervising_leader_of", "department": "lead"},
    )
    data = template_data()
    data["stages"].insert(2, countersign)

    assert found(refused(template_from_data, data)) == {
        ("stages[2].participants", "COUNTERSIGN_PARTICIPANTS"),
        ("stages[2].consolidator", "ACTOR_NOT_ALLOWED"),
    }


def test_templates_cannot_name_matrix_approvers_or_non_workflow_roles() -> None:
    data = template_data()
    data["stages"][1]["actors"] = [{"kind": "matrix_approvers"}, {"kind": "office_role", "role": "auditor"}]

    assert found(refused(template_from_data, data)) == {
        ("stages[1].actors[0].kind", "ACTOR_NOT_ALLOWED"),
        ("stages[1].actors[1].role", "ROLE_NOT_FOR_WORKFLOW"),
    }


def test_withdrawal_names_working_stages_and_goes_back() -> None:
    data = template_data(withdrawal={"allowed_at": ["drafting", "ready", "ghost", "review"], "return_to": "approval"})

    assert found(refused(template_from_data, data)) == {
        ("withdrawal.allowed_at[0]", "WITHDRAWAL_INVALID"),
        ("withdrawal.allowed_at[1]", "WITHDRAWAL_INVALID"),
        ("withdrawal.allowed_at[2]", "UNKNOWN_STAGE"),
        ("withdrawal.allowed_at[3]", "WITHDRAWAL_INVALID"),
    }


def test_a_forward_jump_over_a_conditional_stage_keeps_it_reachable() -> None:
    data = template_data(
        stage("drafting", "draft"),
        stage("review", "review"),
        stage(
            "countersign",
            "countersign",
            when={"field": "co_departments", "not_empty": True},
            participants={"kind": "role_in_department", "role": "department_reviewer", "department": "co"},
            consolidator=LEAD_REVIEWER,
            arbiter={"kind": "supervising_leader_of", "department": "lead"},
        ),
        stage("approval", "approval"),
        stage("ready", "ready"),
    )

    template = template_from_data(data)

    assert isinstance(template.stage("countersign"), CountersignStage)
    assert template.stages_of(StageKind.COUNTERSIGN)[0].key == "countersign"


def test_a_constructed_template_is_validated_like_a_loaded_one() -> None:
    data = template_data()
    data["stages"][1]["outcomes"]["return_to"] = ["ghost"]

    with pytest.raises(ValueError, match="ghost"):
        WorkflowTemplate.model_validate(data)


def test_a_template_embedded_in_a_larger_document_reports_full_paths() -> None:
    class Manifest(BaseModel):
        workflow: WorkflowTemplate

    data = template_data()
    data["stages"][1]["outcomes"]["return_to"] = ["ghost"]
    data["stages"][2]["deadline"] = {"within": "P1M"}

    with pytest.raises(ValidationError) as caught:
        Manifest.model_validate({"workflow": data})

    assert {(problem.path, problem.code) for problem in problems_from_validation_error(caught.value)} == {
        ("workflow.stages[2].deadline.within", ProblemCode.BAD_DURATION)
    }
    del data["stages"][2]["deadline"]
    with pytest.raises(ValidationError) as caught:
        Manifest.model_validate({"workflow": data})
    assert {(problem.path, problem.code) for problem in problems_from_validation_error(caught.value)} == {
        ("workflow.stages[1].outcomes.return_to[0]", ProblemCode.UNKNOWN_STAGE)
    }
