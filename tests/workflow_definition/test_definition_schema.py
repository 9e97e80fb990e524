"""JSON Schema export of both documents, and the release facts the definitions may look at."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from fabu.workflow.definition import (
    FactField,
    Importance,
    ReleaseFacts,
    builtin_matrix_names,
    builtin_template_names,
    builtin_text,
    matrix_json_schema,
    template_json_schema,
)
from workflow_definition.definition_factories import facts, template_data

jsonschema = pytest.importorskip("jsonschema")


@pytest.mark.parametrize("schema", [template_json_schema(), matrix_json_schema()])
def test_the_exported_schemas_are_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "/" in schema["title"]


@pytest.mark.parametrize("name", [*builtin_template_names(), *builtin_matrix_names()])
def test_the_builtin_documents_satisfy_the_schema(name: str) -> None:
    schema = matrix_json_schema() if name.endswith("-matrix") else template_json_schema()

    jsonschema.validate(yaml.safe_load(builtin_text(name)), schema)


def test_the_template_schema_knows_every_stage_kind_and_refuses_unknown_keys() -> None:
    schema = template_json_schema()
    data = template_data()
    data["stages"][1]["colour"] = "red"

    kinds = {
        definition["properties"]["kind"]["const"]
        for name, definition in schema["$defs"].items()
        if name.endswith("Stage")
    }
    assert kinds == {"draft", "review", "countersign", "approval", "proofread", "ready", "rejected"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_schema_accepts_durations_as_iso_or_hours() -> None:
    schema = template_json_schema()
    for within in ("P2D", "PT36H", 48):
        data = template_data()
        data["stages"][1]["deadline"] = {"within": within}
        jsonschema.validate(data, schema)


# Release facts ------------------------------------------------------------------------------------


def test_release_facts_expose_every_fact_a_condition_may_test() -> None:
    release = facts(importance="major", co_departments=("finance",), channels=("portal", "wechat"))

    assert {field: release.value(field) for field in FactField} == {
        FactField.IMPORTANCE: "major",
        FactField.SENSITIVITY: "normal",
        FactField.CATEGORY: "工作动态",
        FactField.LEAD_DEPARTMENT: "policy",
        FactField.CO_DEPARTMENTS: frozenset({"finance"}),
        FactField.CHANNELS: frozenset({"portal", "wechat"}),
    }
    assert release.importance is Importance.MAJOR


@pytest.mark.parametrize("word", ["classified", "涉密", "机密", "绝密"])
def test_classified_is_never_a_release_sensitivity(word: str) -> None:
    with pytest.raises(ValidationError, match="classified information is never published"):
        facts(sensitivity=word)


def test_the_lead_department_is_not_a_co_department() -> None:
    with pytest.raises(ValidationError, match="cannot also be a co-department"):
        facts(co_departments=("policy", "finance"))


def test_facts_repeat_no_department_or_channel() -> None:
    with pytest.raises(ValidationError):
        ReleaseFacts(
            importance=Importance.ROUTINE,
            sensitivity="normal",
            category="c",
            lead_department="a",
            channels=("wechat", "wechat"),
        )
