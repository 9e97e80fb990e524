"""The `fabu tenants` commands that need no database, and the committed JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from fabu.cli import main
from fabu.onboarding import manifest_json_schema, manifest_json_schema_text
from onboarding.onboarding_support import CITY, EXAMPLES, as_yaml, example

SCHEMA = Path(__file__).resolve().parents[2] / "tenants" / "schema.json"


def test_the_committed_schema_matches_the_model() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == manifest_json_schema_text(), (
        "tenants/schema.json is stale: run `uv run fabu tenants schema -o tenants/schema.json`"
    )


def test_the_schema_describes_every_section_and_forbids_unknown_keys() -> None:
    schema = manifest_json_schema()
    assert set(schema["required"]) == {"unit", "departments", "people", "catalogue"}
    assert schema["additionalProperties"] is False
    assert json.loads(SCHEMA.read_text(encoding="utf-8"))["title"].startswith("Fabu")


def test_validate_accepts_an_example() -> None:
    outcome = CliRunner().invoke(main, ["tenants", "validate", str(EXAMPLES / CITY)])
    assert outcome.exit_code == 0, outcome.output
    assert "清单有效" in outcome.output


def test_validate_lists_each_problem_with_its_path_and_exits_1(tmp_path: Path) -> None:
    data = example(CITY)
    data["departments"][0]["parent"] = "info-center"
    data["channels"][1]["config"]["app_secret"] = "inline"
    broken = tmp_path / "broken.yaml"
    broken.write_text(as_yaml(data), encoding="utf-8")
    outcome = CliRunner().invoke(main, ["tenants", "validate", str(broken)])
    assert outcome.exit_code == 1
    assert "departments[0].parent (第 10 行 line 10): [DEPARTMENT_CYCLE]" in outcome.output
    assert "channels[1].config.app_secret (第 " in outcome.output
    assert "[INLINE_SECRET]" in outcome.output
