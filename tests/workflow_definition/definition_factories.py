"""Small factories for definition documents and release facts, so each test states only what it is about."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from fabu.workflow.definition import DefinitionError, ReleaseFacts

CATALOGUE = ("工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "财政资金")
"""A typical unit's disclosure catalogue (信息公开目录)."""

LEAD_REVIEWER = {"kind": "role_in_department", "role": "department_reviewer", "department": "lead"}
LEAD_DRAFTER = {"kind": "role_in_department", "role": "drafter", "department": "lead"}
OFFICE_REVIEWER = {"kind": "office_role", "role": "office_reviewer"}


def facts(**overrides: Any) -> ReleaseFacts:
    """A routine, normal work update by the policy department, unless told otherwise."""
    values: dict[str, Any] = {
        "importance": "routine",
        "sensitivity": "normal",
        "category": "工作动态",
        "lead_department": "policy",
    }
    values.update(overrides)
    return ReleaseFacts.model_validate(values)


def stage(key: str, kind: str, **fields: Any) -> dict[str, Any]:
    """A stage with a name and whatever ``fields`` say; review and draft stages get a lead-department actor."""
    data: dict[str, Any] = {"key": key, "kind": kind, "name": f"环节{key}", "name_en": f"Stage {key}"}
    if kind == "draft":
        data["actors"] = [LEAD_DRAFTER]
    if kind == "review":
        data["actors"] = [LEAD_REVIEWER]
    data.update(fields)
    return data


def template_data(*stages: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A small valid template: draft → review → approval → ready (+ rejected), or the given stages."""
    data: dict[str, Any] = {
        "key": "test",
        "version": 1,
        "name": "测试流程",
        "name_en": "Test workflow",
        "authority_matrix": "test-matrix",
        "stages": list(stages)
        or [
            stage("drafting", "draft"),
            stage("review", "review", outcomes={"return_to": ["drafting"], "reject": True}),
            stage("approval", "approval", outcomes={"return_to": ["drafting", "review"], "reject": True}),
            stage("ready", "ready"),
            stage("rejected", "rejected"),
        ],
        "edit_after_approval": {"return_to": "review"},
    }
    data.update(overrides)
    return copy.deepcopy(data)


def rule(key: str, approvers: tuple[str, ...] = ("department_head",), **dimensions: Any) -> dict[str, Any]:
    """A matrix rule; every dimension is the explicit wildcard unless given."""
    data: dict[str, Any] = {
        "key": key,
        "name": f"规则{key}",
        "name_en": f"Rule {key}",
        "importance": "*",
        "sensitivity": "*",
        "category": "*",
    }
    data.update(dimensions)
    data["approvers"] = list(approvers)
    return data


def matrix_data(*rules: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": "test-matrix",
        "version": 1,
        "name": "测试审定权限",
        "name_en": "Test matrix",
        "rules": list(rules) or [rule("everything")],
    }
    data.update(overrides)
    return copy.deepcopy(data)


def refused(load: Callable[[Any], object], data: Any) -> DefinitionError:
    """The ``DefinitionError`` that loading ``data`` raises."""
    with pytest.raises(DefinitionError) as caught:
        load(data)
    return caught.value


def found(error: DefinitionError) -> set[tuple[str, str]]:
    """The (path, code) pairs of an error's problems, for asserting exactly what was listed."""
    return {(problem.path, str(problem.code)) for problem in error.problems}
