"""The proofread stage (发布前校对) in a template: where it may stand, its bound, and how it reads."""

from __future__ import annotations

from typing import Any

from fabu.workflow.definition import (
    ActingMode,
    ProofreadStage,
    dump_template,
    load_template,
    resolve_route,
    template_from_data,
    to_mermaid,
    to_svg,
)
from workflow_definition.definition_factories import facts, found, refused, stage, template_data

PUBLISHERS = {"kind": "unit_role", "role": "publisher"}


def proofread(key: str = "proofread", **fields: Any) -> dict[str, Any]:
    return stage(key, "proofread", actors=[PUBLISHERS], **fields)


def with_proofread(*stages: dict[str, Any]) -> dict[str, Any]:
    return template_data(
        stage("drafting", "draft"),
        stage("review", "review", outcomes={"return_to": ["drafting"]}),
        *stages,
        stage("ready", "ready"),
        authority_matrix=None,
    )


def test_a_proofread_stage_before_ready_resolves_to_the_publishers_with_its_bound() -> None:
    template = template_from_data(with_proofread(proofread(max_changed_characters=12, outcomes={"return_to": ["review"]})))

    route = resolve_route(template, facts())

    assert route.keys == ("drafting", "review", "proofread", "ready")
    stage_ = route.stage("proofread")
    assert (stage_.mode, stage_.proofread_limit, stage_.return_to) == (ActingMode.PROOFREAD, 12, ("review",))
    assert stage_.actors[0].describe() == ("本单位的发布人员", "any publisher of the unit")


def test_the_bound_defaults_to_thirty_characters_and_stays_within_one_to_five_hundred() -> None:
    template = template_from_data(with_proofread(proofread()))
    assert isinstance(template.stage("proofread"), ProofreadStage)
    assert resolve_route(template, facts()).stage("proofread").proofread_limit == 30

    assert found(refused(template_from_data, with_proofread(proofread(max_changed_characters=0)))) == {
        ("stages[2].max_changed_characters", "INVALID_VALUE")
    }


def test_proofreading_comes_once_and_after_every_deciding_stage() -> None:
    early = template_data(
        stage("drafting", "draft"),
        proofread(),
        stage("review", "review"),
        stage("ready", "ready"),
        authority_matrix=None,
    )
    twice = with_proofread(proofread("first"), proofread("second"))

    assert found(refused(template_from_data, early)) == {("stages[1]", "PROOFREAD_NOT_LAST")}
    assert found(refused(template_from_data, twice)) == {("stages[3].kind", "MULTIPLE_PROOFREAD_STAGES")}


def test_a_proofread_stage_round_trips_through_yaml_and_is_drawn() -> None:
    template = template_from_data(with_proofread(proofread(max_changed_characters=20)))

    assert load_template(dump_template(template)) == template
    assert "max_changed_characters: 20" in dump_template(template)
    mermaid = to_mermaid(template)
    assert "校对确认 confirm" in mermaid
    assert "可更正不超过 20 字" in mermaid
    assert "发布前校对" in to_svg(template)
