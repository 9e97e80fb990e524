"""Reading and validating a manifest: every problem listed at once, each with its path in the file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import yaml
from pydantic import ValidationError

from fabu.channels.registry import Registry, discover
from fabu.onboarding._channel_checks import channel_problems
from fabu.onboarding._lines import with_lines
from fabu.onboarding._manifest import Manifest
from fabu.onboarding._problems import ManifestCode, ManifestError, ManifestProblem, problem
from fabu.onboarding._structure_checks import structure_problems
from fabu.onboarding._workflow_checks import resolve_workflow
from fabu.workflow.definition import AuthorityMatrix, WorkflowTemplate, problems_from_validation_error

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C speed for 5,000-person units


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a key written twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        mapping: dict[object, object] = super().construct_mapping(node, deep=deep)
        return mapping


@dataclass(frozen=True)
class ValidManifest:
    """A manifest that passed every check, with its resolved template and matrix."""

    manifest: Manifest
    template: WorkflowTemplate
    matrix: AuthorityMatrix
    warnings: tuple[ManifestProblem, ...] = ()
    source: str = ""
    """The YAML text it came from, when it came from text: problems found on apply get their lines from it."""


def parse_manifest_yaml(text: str) -> object:
    """The plain data of a manifest's YAML text (``safe_load`` semantics)."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    except _DuplicateKey as duplicate:
        line = duplicate.line
        raise ManifestError(
            [
                problem(
                    "",
                    ManifestCode.DUPLICATE_KEY,
                    f"第 {line} 行：键「{duplicate.key}」在同一映射中写了两次",
                    f"line {line}: key {duplicate.key!r} is written twice in one mapping",
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        detail = getattr(error, "problem", None) or str(error)
        mark = getattr(error, "problem_mark", None)
        zh, en = (f"第 {mark.line + 1} 行：", f"line {mark.line + 1}: ") if mark is not None else ("", "")
        raise ManifestError(
            [problem("", ManifestCode.YAML_SYNTAX, f"{zh}YAML 语法错误：{detail}", f"{en}YAML syntax error: {detail}")]
        ) from None


_FORMATS: dict[str, tuple[str, str]] = {
    "code": ("2-64 位字母、数字、下划线或连字符", "2-64 letters, digits, underscores or hyphens"),
    "credit_code": ("18 位统一社会信用代码或 9 位组织机构代码", "an 18-character unified social credit code or a 9-character organisation code"),
    "username": ("2-64 位小写字母、数字和 . _ -", "2-64 lowercase letters, digits and . _ -"),
    "key": ("2-64 位小写字母、数字和 . _ -，以字母或数字开头", "2-64 lowercase letters, digits and . _ -, starting with a letter or digit"),
}


def _reworded(found: ManifestProblem) -> ManifestProblem:
    """Say what a manifest field's format is (the workflow wording speaks of stage identifiers)."""
    field = found.path.rsplit(".", 1)[-1]
    if found.code != "BAD_KEY_FORMAT" or field not in _FORMATS:
        return found
    zh, en = _FORMATS[field]
    return ManifestProblem(found.path, found.code, f"格式不正确：应为{zh}", f"malformed: expected {en}")


def load_manifest(text: str, registry: Registry | None = None) -> ValidManifest:
    """Validate a manifest from YAML text; raises ``ManifestError`` with every problem and its line."""
    data = parse_manifest_yaml(text)
    try:
        valid = validate_manifest(data, registry)
    except ManifestError as error:
        raise ManifestError(with_lines(text, error.problems)) from None
    return replace(valid, warnings=tuple(with_lines(text, valid.warnings)), source=text)


def validate_manifest(data: Any, registry: Registry | None = None) -> ValidManifest:
    """Validate a manifest from plain data: shape, then every cross-check."""
    if not isinstance(data, dict):
        raise ManifestError(
            [ManifestProblem("", "WRONG_TYPE", "清单应为映射（键: 值）", "a manifest must be a mapping (key: value)")]
        )
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        raise ManifestError(_reworded(ManifestProblem.embedded(found, "")) for found in problems_from_validation_error(error)) from None
    problems = structure_problems(manifest)
    template, matrix, workflow_problems = resolve_workflow(manifest)
    problems.extend(workflow_problems)
    problems.extend(channel_problems(manifest.channels, registry if registry is not None else discover()))
    if any(found.is_error for found in problems) or template is None or matrix is None:
        raise ManifestError(problems)
    return ValidManifest(manifest, template, matrix, tuple(problems))
