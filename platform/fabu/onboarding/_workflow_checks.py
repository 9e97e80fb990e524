"""Resolving the manifest's workflow template and authority matrix, and checking them over its catalogue."""

from __future__ import annotations

from typing import Any

from fabu.errors import FabuError
from fabu.onboarding._manifest import Manifest
from fabu.onboarding._problems import ManifestProblem
from fabu.workflow.definition import (
    AuthorityMatrix,
    DefinitionError,
    ProblemCode,
    WorkflowTemplate,
    check_matrix_coverage,
    load_builtin_matrix,
    load_builtin_template,
    matrix_from_data,
    template_from_data,
)

TEMPLATE_PATH, MATRIX_PATH = "workflow.template", "workflow.matrix"


def resolve_workflow(
    manifest: Manifest,
) -> tuple[WorkflowTemplate | None, AuthorityMatrix | None, list[ManifestProblem]]:
    """The template and matrix the manifest names (built-in or inline), with every problem found."""
    problems: list[ManifestProblem] = []
    template = _resolve(manifest.workflow.template, TEMPLATE_PATH, load_builtin_template, template_from_data, problems)
    matrix = _resolve(manifest.workflow.matrix, MATRIX_PATH, load_builtin_matrix, matrix_from_data, problems)
    if template is not None and matrix is not None:
        if template.authority_matrix != matrix.key:
            problems.append(
                ManifestProblem(
                    TEMPLATE_PATH,
                    str(ProblemCode.MATRIX_MISMATCH),
                    f"模板要求审定权限矩阵「{template.authority_matrix}」，清单提供的是「{matrix.key}」",
                    f"the template needs authority matrix {template.authority_matrix!r}; the manifest gives {matrix.key!r}",
                )
            )
        categories = [category.code for category in manifest.catalogue.categories]
        coverage = check_matrix_coverage(matrix, categories)
        problems.extend(ManifestProblem.embedded(found, MATRIX_PATH) for found in coverage.problems)
    return template, matrix, problems


def _resolve(value: str | dict[str, Any], path: str, builtin: Any, from_data: Any, problems: list[ManifestProblem]) -> Any:
    try:
        return builtin(value) if isinstance(value, str) else from_data(value)
    except DefinitionError as error:
        problems.extend(ManifestProblem.embedded(found, path) for found in error.problems)
    except FabuError as error:
        problems.append(ManifestProblem(path, error.code, error.message_zh, error.message_en))
    return None
