"""Conditions are a closed grammar of data: what they mean, and every way to write one wrong."""

from __future__ import annotations

from typing import Any

import pytest

from fabu.workflow.definition import (
    MAX_CONDITION_DEPTH,
    Condition,
    FactField,
    Operator,
    check_condition,
    is_satisfiable,
    template_from_data,
)
from workflow_definition.definition_factories import facts, found, refused, template_data


def when(condition: Any) -> dict[str, Any]:
    """A template whose review stage applies only ``when``."""
    data = template_data()
    data["stages"][1]["when"] = condition
    return data


def parse(condition: dict[str, Any]) -> Condition:
    return Condition.model_validate(condition)


# Meaning ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "release", "holds"),
    [
        ({"field": "sensitivity", "equals": "sensitive"}, {"sensitivity": "sensitive"}, True),
        ({"field": "sensitivity", "equals": "sensitive"}, {}, False),
        ({"field": "importance", "in": ["important", "major"]}, {"importance": "major"}, True),
        ({"field": "importance", "in": ["important", "major"]}, {}, False),
        ({"field": "category", "in": ["政策文件", "政策解读"]}, {"category": "政策解读"}, True),
        ({"field": "channels", "contains": "wechat"}, {"channels": ("portal", "wechat")}, True),
        ({"field": "channels", "contains": "wechat"}, {"channels": ("portal",)}, False),
        ({"field": "co_departments", "not_empty": True}, {"co_departments": ("finance",)}, True),
        ({"field": "co_departments", "not_empty": True}, {}, False),
        ({"field": "co_departments", "not_empty": False}, {}, True),
        ({"field": "lead_department", "equals": "office"}, {"lead_department": "office"}, True),
        ({"not": {"field": "sensitivity", "equals": "sensitive"}}, {}, True),
        (
            {"all": [{"field": "importance", "equals": "major"}, {"field": "channels", "contains": "weibo"}]},
            {"importance": "major"},
            False,
        ),
        (
            {"any": [{"field": "co_departments", "not_empty": True}, {"field": "sensitivity", "equals": "sensitive"}]},
            {"sensitivity": "sensitive"},
            True,
        ),
    ],
)
def test_conditions_test_release_facts(condition: dict[str, Any], release: dict[str, Any], holds: bool) -> None:
    assert parse(condition).holds(facts(**release)) is holds


def test_conditions_read_in_chinese_and_english() -> None:
    condition = parse(
        {
            "any": [
                {"field": "co_departments", "not_empty": True},
                {
                    "all": [
                        {"field": "sensitivity", "equals": "sensitive"},
                        {"not": {"field": "channels", "contains": "portal"}},
                    ]
                },
            ]
        }
    )

    zh, en = condition.describe()

    assert zh == "有会签部门 或 （敏感程度为「敏感」 且 并非发布渠道包含「portal」）"
    assert en == "there are co-departments or (sensitivity is sensitive and not channels include portal)"


def test_conditions_can_be_built_in_code_and_written_as_data() -> None:
    condition = Condition.any_of(
        Condition.test(FactField.CO_DEPARTMENTS, Operator.NOT_EMPTY, True),
        Condition.test("importance", "in", ["important", "major"]),
    )

    assert condition.to_data() == {
        "any": [{"field": "co_departments", "not_empty": True}, {"field": "importance", "in": ["important", "major"]}]
    }
    assert condition.fields() == {FactField.CO_DEPARTMENTS, FactField.IMPORTANCE}
    assert condition.children[1].operator is Operator.IN


# Mistakes -----------------------------------------------------------------------------------------


def test_an_unknown_operator_is_named_as_such() -> None:
    error = refused(template_from_data, when({"field": "channels", "matches": "we.*"}))

    assert found(error) == {("stages[1].when.matches", "UNKNOWN_CONDITION_OPERATOR")}


def test_an_unknown_field_is_named_as_such() -> None:
    error = refused(template_from_data, when({"field": "author", "equals": "张三"}))

    assert found(error) == {("stages[1].when.field", "UNKNOWN_CONDITION_FIELD")}


@pytest.mark.parametrize(
    ("condition", "path"),
    [
        ({"field": "importance", "in": "major"}, "stages[1].when.in"),
        ({"field": "co_departments", "not_empty": "yes"}, "stages[1].when.not_empty"),
        ({"field": "sensitivity", "equals": 3}, "stages[1].when.equals"),
        ({"field": "category", "in": ["政策文件", 7]}, "stages[1].when.in[1]"),
        ({"all": {"field": "sensitivity", "equals": "sensitive"}}, "stages[1].when.all"),
    ],
)
def test_wrong_value_types_are_refused(condition: dict[str, Any], path: str) -> None:
    assert found(refused(template_from_data, when(condition))) == {(path, "CONDITION_VALUE_TYPE")}


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "sensitivity"},
        {"field": "sensitivity", "equals": "sensitive", "in": ["normal"]},
        {"equals": "sensitive"},
        {"all": [{"field": "sensitivity", "equals": "sensitive"}], "field": "importance"},
        {"not": {"field": "sensitivity", "equals": "sensitive"}, "equals": "x"},
        {},
    ],
)
def test_a_condition_has_exactly_one_shape(condition: dict[str, Any]) -> None:
    assert found(refused(template_from_data, when(condition))) == {("stages[1].when", "CONDITION_SHAPE")}


def test_expressions_are_not_conditions() -> None:
    error = refused(template_from_data, when("sensitivity == 'sensitive'"))

    (problem,) = error.problems
    assert (problem.path, problem.code) == ("stages[1].when", "CONDITION_SHAPE")
    assert "expressions and code are not supported" in problem.message_en


def test_combinators_need_at_least_one_condition() -> None:
    assert found(refused(template_from_data, when({"any": []}))) == {("stages[1].when.any", "TOO_FEW_ITEMS")}


@pytest.mark.parametrize(
    ("condition", "path"),
    [
        ({"field": "channels", "equals": "wechat"}, "stages[1].when.equals"),
        ({"field": "sensitivity", "contains": "sensitive"}, "stages[1].when.contains"),
        ({"field": "category", "not_empty": True}, "stages[1].when.not_empty"),
    ],
)
def test_an_operator_must_fit_its_field(condition: dict[str, Any], path: str) -> None:
    assert found(refused(template_from_data, when(condition))) == {(path, "CONDITION_OPERATOR_NOT_FOR_FIELD")}


def test_enumerated_facts_only_take_their_values() -> None:
    condition = {
        "any": [{"field": "importance", "in": ["major", "urgent"]}, {"field": "sensitivity", "equals": "high"}]
    }

    assert found(refused(template_from_data, when(condition))) == {
        ("stages[1].when.any[0].in[1]", "CONDITION_VALUE_NOT_ALLOWED"),
        ("stages[1].when.any[1].equals", "CONDITION_VALUE_NOT_ALLOWED"),
    }


def test_classified_content_cannot_even_be_named_in_a_condition() -> None:
    error = refused(template_from_data, when({"field": "sensitivity", "equals": "涉密"}))

    assert found(error) == {("stages[1].when.equals", "CLASSIFIED_NOT_ALLOWED")}


def test_a_repeated_value_is_refused() -> None:
    error = refused(template_from_data, when({"field": "category", "in": ["a", "a"]}))

    assert found(error) == {("stages[1].when.in", "DUPLICATE_VALUE")}


def nested(depth: int) -> dict[str, Any]:
    condition: dict[str, Any] = {"field": "sensitivity", "equals": "sensitive"}
    for level in range(depth - 1):
        condition = {"not": condition} if level % 2 else {"all": [condition]}
    return condition


def test_conditions_may_nest_up_to_the_limit() -> None:
    template_from_data(when(nested(MAX_CONDITION_DEPTH)))


def test_conditions_nested_past_the_limit_are_refused() -> None:
    error = refused(template_from_data, when(nested(MAX_CONDITION_DEPTH + 1)))

    assert found(error) == {("stages[1].when", "CONDITION_TOO_DEEP")}


def test_problems_deep_inside_a_condition_have_their_full_path() -> None:
    condition = {
        "all": [{"field": "importance", "equals": "major"}, {"any": [{"not": {"field": "channels", "contains": ""}}]}]
    }

    problems = check_condition(parse(condition), "when")

    assert [(problem.path, problem.code) for problem in problems] == [
        ("when.all[1].any[0].not.contains", "CONDITION_VALUE_NOT_ALLOWED")
    ]


@pytest.mark.parametrize(
    ("condition", "satisfiable"),
    [
        (
            {"all": [{"field": "sensitivity", "equals": "sensitive"}, {"field": "sensitivity", "equals": "normal"}]},
            False,
        ),
        ({"all": [{"field": "channels", "contains": "wechat"}, {"field": "channels", "not_empty": False}]}, False),
        ({"all": [{"field": "category", "equals": "a"}, {"not": {"field": "category", "in": ["a", "b"]}}]}, False),
        ({"any": [{"field": "importance", "in": ["routine", "important", "major"]}]}, True),
        ({"not": {"field": "category", "equals": "政策文件"}}, True),
        (
            {"all": [{"field": "channels", "contains": "wechat"}, {"not": {"field": "channels", "contains": "weibo"}}]},
            True,
        ),
    ],
)
def test_satisfiability_is_decided_exactly(condition: dict[str, Any], satisfiable: bool) -> None:
    assert is_satisfiable(parse(condition)) is satisfiable


def test_python_attribute_names_are_not_part_of_the_grammar() -> None:
    error = refused(template_from_data, when({"field": "importance", "in_": ["major"]}))

    assert ("stages[1].when.in_", "UNKNOWN_CONDITION_OPERATOR") in found(error)
