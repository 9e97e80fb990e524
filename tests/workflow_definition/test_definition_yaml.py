"""YAML in and out: safe reading that refuses tricks, readable writing that reads back equal."""

from __future__ import annotations

import textwrap

import pytest

from fabu.errors import FabuErrors
from fabu.workflow.definition import (
    DefinitionError,
    ProblemCode,
    builtin_matrix_names,
    builtin_template_names,
    dump_matrix,
    dump_template,
    load_builtin_matrix,
    load_builtin_template,
    load_matrix,
    load_template,
    matrix_from_data,
    template_from_data,
)
from workflow_definition.definition_factories import matrix_data, rule, stage, template_data


def refused_yaml(text: str) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        load_template(textwrap.dedent(text))
    return caught.value


@pytest.mark.parametrize("name", builtin_template_names())
def test_builtin_templates_round_trip_through_yaml(name: str) -> None:
    template = load_builtin_template(name)

    assert load_template(dump_template(template)) == template


@pytest.mark.parametrize("name", builtin_matrix_names())
def test_builtin_matrices_round_trip_through_yaml(name: str) -> None:
    matrix = load_builtin_matrix(name)

    assert load_matrix(dump_matrix(matrix)) == matrix


def test_a_template_using_every_feature_round_trips() -> None:
    data = template_data(
        stage("drafting", "draft", deadline={"within": 72}),
        stage(
            "review",
            "review",
            description="第一行\nsecond line",
            outcomes={"approve": "countersign", "return_to": ["drafting"]},
        ),
        stage(
            "countersign",
            "countersign",
            when={
                "any": [
                    {"field": "co_departments", "not_empty": True},
                    {"not": {"field": "channels", "contains": "portal"}},
                ]
            },
            participants={"kind": "role_in_department", "role": "department_reviewer", "department": "co"},
            consolidator={"kind": "role_in_department", "role": "department_reviewer", "department": "lead"},
            arbiter={"kind": "supervising_leader_of", "department": "lead"},
            deadline={
                "within": "PT36H",
                "remind_before": 4,
                "overdue": "escalate",
                "escalate_to": {"kind": "principal_leader"},
            },
            gated_by_checks=True,
        ),
        stage(
            "approval",
            "approval",
            when={"field": "importance", "in": ["important", "major"]},
            outcomes={"reject": True},
        ),
        stage("ready", "ready"),
        stage("rejected", "rejected"),
        withdrawal={"allowed_at": ["review"], "return_to": "drafting"},
    )
    template = template_from_data(data)

    text = dump_template(template)

    assert load_template(text) == template
    assert "within: P3D" in text  # 72 hours, written back canonically
    assert "description: |" in text


def test_a_matrix_using_every_feature_round_trips() -> None:
    matrix = matrix_from_data(
        matrix_data(
            rule(
                "weibo",
                channel=["weibo", "wechat"],
                importance="major",
                approvers=("supervising_leader", "principal_leader"),
            ),
            rule("rest"),
        )
    )

    text = dump_matrix(matrix)

    assert load_matrix(text) == matrix
    assert "channel: [weibo, wechat]" in text
    assert "category: '*'" in text


def test_dumped_yaml_keeps_chinese_and_document_order() -> None:
    text = dump_template(load_builtin_template("standard"))

    assert "name: 标准信息发布流程" in text
    assert "\\u" not in text
    assert (
        text.index("key: standard")
        < text.index("version: 2")
        < text.index("stages:")
        < text.index("edit_after_approval:")
    )
    first_stage = text[text.index("  - key: drafting") :]
    assert first_stage.index("kind: draft") < first_stage.index("name: 信息采编") < first_stage.index("actors:")


def test_dumped_yaml_writes_conditions_actors_and_outcomes_one_per_line() -> None:
    text = dump_template(load_builtin_template("standard"))

    assert "      - {field: co_departments, not_empty: true}" in text
    assert "participants: {kind: role_in_department, role: department_reviewer, department: co}" in text
    assert "outcomes: {return_to: [drafting], reject: true}" in text


def test_every_duplicate_yaml_key_is_listed_with_its_path_and_line() -> None:
    error = refused_yaml(
        """\
        key: t
        version: 1
        key: t2
        stages:
          - key: drafting
            kind: draft
            kind: review
        """
    )

    assert [(problem.path, problem.code, problem.line) for problem in error.problems] == [
        ("key", ProblemCode.DUPLICATE_KEY, 3),
        ("stages[0].kind", ProblemCode.DUPLICATE_KEY, 7),
    ]


def test_yaml_aliases_are_refused() -> None:
    error = refused_yaml(
        """\
        key: t
        actors: &who
          - {kind: principal_leader}
        more: *who
        """
    )

    assert [(problem.code, problem.line) for problem in error.problems] == [(ProblemCode.YAML_ALIAS, 4)]


def test_a_yaml_syntax_error_reports_its_line() -> None:
    error = refused_yaml("key: t\nstages: [\n  - oops\n")

    (problem,) = error.problems
    assert problem.code is ProblemCode.YAML_SYNTAX
    assert problem.line is not None


def test_python_tags_are_never_constructed() -> None:
    error = refused_yaml("key: !!python/object/apply:os.system ['echo pwned']\n")

    assert error.codes == {ProblemCode.YAML_SYNTAX}


@pytest.mark.parametrize("text", ["", "- a list\n", "just text\n"])
def test_a_document_must_be_a_mapping(text: str) -> None:
    error = refused_yaml(text)

    assert error.codes <= {ProblemCode.YAML_SYNTAX, ProblemCode.WRONG_TYPE}


def test_an_oversized_document_is_refused_unread() -> None:
    assert refused_yaml("description: " + "很长" * 200_000).codes == {ProblemCode.DOCUMENT_TOO_LARGE}


def test_deeply_nested_data_is_refused_before_validation() -> None:
    nested: object = "x"
    for _ in range(40):
        nested = [nested]

    with pytest.raises(DefinitionError) as caught:
        template_from_data({"key": "t", "stages": nested})

    assert caught.value.codes == {ProblemCode.DOCUMENT_TOO_DEEP}


def test_problems_point_at_the_line_of_their_path() -> None:
    error = refused_yaml(
        """\
        key: broken
        version: 1
        name: 坏模板
        name_en: Broken
        authority_matrix: m
        stages:
          - key: drafting
            kind: draft
            name: 起草
            name_en: Drafting
            actors: [{kind: role_in_department, role: drafter, department: lead}]
          - key: ready
            kind: ready
            name: 可发布
            name_en: Ready
            colour: green
        edit_after_approval: {return_to: nowhere}
        """
    )

    assert [(problem.path, problem.line) for problem in error.problems] == [("stages[1].colour", 16)]


def test_semantic_problems_point_at_lines_too() -> None:
    text = dump_template(template_from_data(template_data()))
    text = text.replace("return_to: [drafting, review]", "return_to: [drafting, ghost]")

    with pytest.raises(DefinitionError) as caught:
        load_template(text)

    (problem,) = caught.value.problems
    assert problem.path == "stages[2].outcomes.return_to[1]"
    assert problem.line == text.splitlines().index(next(line for line in text.splitlines() if "ghost" in line)) + 1


def test_a_definition_error_reaches_the_graphql_layer_as_fabu_errors() -> None:
    error = refused_yaml("key: t\nversion: 0\n")

    assert isinstance(error, FabuErrors)
    assert {item.field for item in error.errors} >= {"version", "name"}
    assert all(" / " in item.message for item in error.errors)
    assert "version" in str(error)
