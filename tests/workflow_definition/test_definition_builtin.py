"""The built-in documents: shipped in the package identical to tenants/templates, and faithful to the seed process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from fabu.errors import FabuError
from fabu.workflow.definition import (
    ActorSpec,
    ApproverLevel,
    Condition,
    CountersignStage,
    StageKind,
    builtin_folder,
    builtin_matrix_names,
    builtin_template_names,
    check_matrix,
    ensure_matrix_complete,
    explain,
    load_builtin_matrix,
    load_builtin_template,
    matrix_from_data,
)
from workflow_definition.definition_factories import CATALOGUE, facts

TENANT_TEMPLATES = Path(__file__).resolve().parents[2] / "tenants" / "templates"


def test_the_package_ships_exactly_the_documents_of_tenants_templates() -> None:
    shipped = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in builtin_folder().iterdir()
        if entry.name.endswith(".yaml")
    }
    published = {path.name: path.read_text(encoding="utf-8") for path in TENANT_TEMPLATES.glob("*.yaml")}

    assert sorted(shipped) == sorted(published), (
        "copy with: cp tenants/templates/*.yaml platform/fabu/workflow/definition/builtin/"
    )
    for name, text in published.items():
        assert shipped[name] == text, (
            f"{name} differs; copy with: cp tenants/templates/*.yaml platform/fabu/workflow/definition/builtin/"
        )


def test_builtin_names_are_the_file_names() -> None:
    assert builtin_template_names() == ("simple", "standard")
    assert builtin_matrix_names() == ("standard-matrix",)


def test_an_unknown_builtin_is_refused_with_the_names_available() -> None:
    with pytest.raises(FabuError) as caught:
        load_builtin_template("standard-matrix")

    assert caught.value.code == "UNKNOWN_BUILTIN"
    assert "simple, standard" in caught.value.message_en


def test_the_standard_template_follows_the_seed_process_step_by_step() -> None:
    template = load_builtin_template("standard")

    assert [(stage.key, stage.kind, stage.name) for stage in template.stages] == [
        ("drafting", StageKind.DRAFT, "信息采编"),
        ("department_review", StageKind.REVIEW, "部门初审"),
        ("countersign", StageKind.COUNTERSIGN, "部门会签"),
        ("office_review", StageKind.REVIEW, "办公室复审"),
        ("leadership_approval", StageKind.APPROVAL, "领导审定"),
        ("proofread", StageKind.PROOFREAD, "发布前校对"),
        ("ready", StageKind.READY, "待发布"),
        ("rejected", StageKind.REJECTED, "不予发布"),
    ]
    assert template.authority_matrix == "standard-matrix"
    countersign = template.stage("countersign")
    assert isinstance(countersign, CountersignStage)
    assert countersign.when is not None
    assert countersign.when.holds(facts(co_departments=("finance",)))
    assert countersign.when.holds(facts(sensitivity="sensitive"))
    assert not countersign.when.holds(facts())


def test_the_simple_template_has_no_countersign() -> None:
    template = load_builtin_template("simple")

    assert not template.stages_of(StageKind.COUNTERSIGN)
    assert template.authority_matrix in builtin_matrix_names()


def test_the_standard_matrix_covers_a_typical_catalogue_with_no_dead_rules() -> None:
    matrix = load_builtin_matrix("standard-matrix")

    coverage = ensure_matrix_complete(matrix, CATALOGUE)

    assert coverage.complete
    assert coverage.problems == ()
    assert check_matrix(matrix) == []


@pytest.mark.parametrize(
    ("release", "approvers"),
    [
        ({"importance": "routine", "category": "通知公告"}, (ApproverLevel.DEPARTMENT_HEAD,)),
        ({"importance": "important", "category": "工作动态"}, (ApproverLevel.SUPERVISING_LEADER,)),
        (
            {"importance": "major", "category": "工作动态"},
            (ApproverLevel.SUPERVISING_LEADER, ApproverLevel.PRINCIPAL_LEADER),
        ),
        (
            {"sensitivity": "sensitive", "category": "人事信息"},
            (ApproverLevel.SUPERVISING_LEADER, ApproverLevel.PRINCIPAL_LEADER),
        ),
        ({"importance": "important", "category": "政策文件"}, (ApproverLevel.PRINCIPAL_LEADER,)),
    ],
)
def test_the_standard_matrix_follows_the_seed_authority(
    release: dict[str, str], approvers: tuple[ApproverLevel, ...]
) -> None:
    assert explain(load_builtin_matrix("standard-matrix"), facts(**release)).approvers == approvers


def test_the_guide_in_tenants_templates_shows_documents_that_load() -> None:
    guide = (TENANT_TEMPLATES / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.DOTALL)
    actors, condition, matrix = blocks[1], blocks[2], blocks[3]

    for line in actors.splitlines():
        ActorSpec.model_validate(yaml.safe_load(line.split("#")[0]))
    assert Condition.model_validate(yaml.safe_load(condition)["when"]).holds(facts(sensitivity="sensitive"))
    assert matrix_from_data(yaml.safe_load(matrix)).rules[0].key == "sensitive"
