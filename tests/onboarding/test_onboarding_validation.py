"""A manifest is refused with every problem listed, each with its path in the file, in Chinese and English."""

from __future__ import annotations

from typing import Any

import pytest

from fabu.onboarding import ManifestError, ManifestProblem, load_manifest, validate_manifest
from onboarding.onboarding_support import CITY, COUNTY, EXAMPLES, example, person


def problems_of(data: dict[str, Any]) -> list[ManifestProblem]:
    with pytest.raises(ManifestError) as refused:
        validate_manifest(data)
    return [found for found in refused.value.problems if found.is_error]


def only(data: dict[str, Any]) -> ManifestProblem:
    found = problems_of(data)
    assert len(found) == 1, [str(item) for item in found]
    return found[0]


@pytest.mark.parametrize("name", [CITY, COUNTY])
def test_every_example_is_a_valid_manifest(name: str) -> None:
    valid = load_manifest((EXAMPLES / name).read_text(encoding="utf-8"))
    assert valid.manifest.unit.name


def test_a_membership_in_an_unknown_department_names_the_department_and_where() -> None:
    data = example(CITY)
    person(data, "drafter")["memberships"][0]["department"] = "legal"
    found = only(data)
    assert found.code == "UNKNOWN_DEPARTMENT"
    assert found.path == "people[1].memberships[0].department"
    assert "「legal」" in found.message_zh
    assert "'legal' is not defined" in found.message_en


def test_a_cycle_in_the_department_tree_is_refused_and_shown() -> None:
    data = example(CITY)
    data["departments"][0]["parent"] = "info-center"  # office under its own child
    found = only(data)
    assert found.code == "DEPARTMENT_CYCLE"
    assert found.path == "departments[0].parent"
    assert "office → info-center → office" in found.message_zh


def test_a_leader_who_is_not_a_member_of_the_unit_is_refused() -> None:
    data = example(CITY)
    data["leaders"]["supervising"]["energy"] = "somebody-else"
    found = only(data)
    assert (found.code, found.path) == ("LEADER_NOT_MEMBER", "leaders.supervising.energy")
    assert "不是本单位" in found.message_zh


def test_a_leader_without_the_leader_role_is_refused() -> None:
    data = example(CITY)
    data["leaders"]["principal"] = "reviewer"
    found = only(data)
    assert (found.code, found.path) == ("LEADER_WITHOUT_ROLE", "leaders.principal")
    assert "leader role" in found.message_en


def test_a_matrix_with_gaps_over_the_catalogue_lists_every_missing_combination() -> None:
    data = example(COUNTY)
    data["workflow"]["matrix"] = {
        "key": "standard-matrix",
        "version": 1,
        "name": "只管重要信息",
        "name_en": "Important items only",
        "rules": [
            {"key": "important", "name": "重要", "name_en": "Important", "importance": ["important", "major"], "sensitivity": "*", "category": "*",
             "approvers": ["principal_leader"]},
        ],
    }
    found = problems_of(data)
    assert {item.code for item in found} == {"MATRIX_GAP"}
    assert {item.path for item in found} == {"workflow.matrix.rules"}
    assert len(found) == 2 * 4  # routine × (normal, sensitive) × four categories
    assert any("政策解读" in item.message_zh for item in found)


def test_an_inline_template_problem_keeps_its_path_inside_the_manifest() -> None:
    data = example(COUNTY)
    data["workflow"]["template"] = {"key": "local", "version": 1, "name": "本地", "authority_matrix": "standard-matrix", "stages": [
        {"key": "drafting", "kind": "draft", "name": "起草", "actors": [{"kind": "role_in_department", "role": "drafter", "department": "lead"}]},
        {"key": "done", "kind": "teleport", "name": "完成"},
    ]}
    found = problems_of(data)
    assert "workflow.template.stages[1].kind" in {item.path for item in found}


def test_a_secret_written_inline_is_refused_and_the_fix_is_named() -> None:
    data = example(CITY)
    data["channels"][1]["config"]["app_secret"] = "d3b07384d113edec49eaa6238ad5ff00"
    found = only(data)
    assert (found.code, found.path) == ("INLINE_SECRET", "channels[1].config.app_secret")
    assert "${env:APP_SECRET}" in found.message_zh
    assert "d3b07384" not in found.message  # a refused secret is never echoed back


def test_an_unknown_plugin_lists_the_installed_ones() -> None:
    data = example(CITY)
    data["channels"].append({"plugin": "douyin", "config": {}})
    found = only(data)
    assert (found.code, found.path) == ("UNKNOWN_PLUGIN", "channels[2].plugin")
    assert "wechat" in found.message_en


def test_a_duplicate_person_is_refused_at_the_second_entry() -> None:
    data = example(CITY)
    data["people"].append({**person(data, "auditor"), "username": "auditor2", "key": "auditor"})
    found = only(data)
    assert (found.code, found.path) == ("DUPLICATE_PERSON", f"people[{len(data['people']) - 1}].key")


def test_duplicate_usernames_and_department_codes_are_refused() -> None:
    data = example(COUNTY)
    data["people"][1].update(key="xu", username="huang")
    data["departments"].append({"code": "inspection", "name": "督查室"})
    found = problems_of(data)
    assert {(item.code, item.path) for item in found} == {
        ("DUPLICATE_USERNAME", "people[1].username"),
        ("DUPLICATE_DEPARTMENT", "departments[3].code"),
    }


def test_every_problem_is_listed_at_once() -> None:
    data = example(CITY)
    data["departments"][2]["parent"] = "nowhere"
    data["leaders"]["principal"] = "nobody"
    data["channels"][1]["config"]["app_secret"] = "plain-secret"
    data["unit"]["surprise"] = True
    with pytest.raises(ManifestError) as refused:
        validate_manifest(data)
    assert refused.value.codes == {"UNKNOWN_KEY"}  # shape first: cross-checks need a well-formed manifest
    data["unit"].pop("surprise")
    assert {item.code for item in problems_of(data)} == {"UNKNOWN_DEPARTMENT", "LEADER_NOT_MEMBER", "INLINE_SECRET"}


def test_a_yaml_syntax_error_is_a_problem_not_a_crash() -> None:
    with pytest.raises(ManifestError) as refused:
        load_manifest("unit: {code: x\npeople: [")
    assert refused.value.codes == {"YAML_SYNTAX"}


def test_the_index_number_is_organisation_code_year_and_serial() -> None:
    city = load_manifest((EXAMPLES / CITY).read_text(encoding="utf-8")).manifest
    county = load_manifest((EXAMPLES / COUNTY).read_text(encoding="utf-8")).manifest
    assert city.catalogue.index_scheme.format(2026, 17) == "11110000MB1234567X/2026/00017"
    assert county.catalogue.index_scheme.format(2026, 3) == "11110100MB7654321Y-2026-0003"


def test_a_key_written_twice_is_refused_with_its_line() -> None:
    with pytest.raises(ManifestError) as refused:
        load_manifest("unit: {code: ab, name: 单位}\nleaders: {}\nleaders: {principal: x}\n")
    [found] = refused.value.problems
    assert found.code == "DUPLICATE_KEY"
    assert "第 3 行" in found.message_zh
    assert "'leaders'" in found.message_en


def test_a_retention_of_no_years_is_refused() -> None:
    data = example(COUNTY)
    data["retention"] = [{"applies_to": "releases", "keep_years": 0}]
    found = problems_of(data)
    assert all(problem.path.startswith("retention[0].keep_years") for problem in found)
    messages = [(problem.message_zh, problem.message_en) for problem in found]
    assert ("取值 0 太小，下限 1", "value 0 is too small; the minimum is 1") in messages  # or "permanent", the other
