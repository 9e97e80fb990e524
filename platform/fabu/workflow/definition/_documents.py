"""Definition documents in and out: from data or YAML text (validated), to data or readable YAML, JSON Schema."""

from __future__ import annotations

from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from fabu.workflow.definition._matrix import AuthorityMatrix
from fabu.workflow.definition._problems import DefinitionError, ProblemCode, problem
from fabu.workflow.definition._pydantic_errors import problems_from_validation_error
from fabu.workflow.definition._template import WorkflowTemplate
from fabu.workflow.definition._yaml_source import YamlDocument, parse_yaml

MAX_NESTING = 32
"""How deeply a document's data may nest before it is refused unread (conditions nest far less)."""

ModelT = TypeVar("ModelT", bound=BaseModel)


def template_from_data(data: object) -> WorkflowTemplate:
    """A validated template from plain data (e.g. a section of a unit's manifest).

    Raises:
        DefinitionError: carrying every problem found, each with its path.
    """
    return _from_data(WorkflowTemplate, data, None)


def matrix_from_data(data: object) -> AuthorityMatrix:
    """A validated authority matrix from plain data; raises ``DefinitionError`` with every problem."""
    return _from_data(AuthorityMatrix, data, None)


def load_template(text: str) -> WorkflowTemplate:
    """A validated template from YAML text (``safe_load`` semantics); problems carry line numbers."""
    document = parse_yaml(text)
    return _from_data(WorkflowTemplate, document.data, document)


def load_matrix(text: str) -> AuthorityMatrix:
    """A validated authority matrix from YAML text; problems carry line numbers."""
    document = parse_yaml(text)
    return _from_data(AuthorityMatrix, document.data, document)


def _from_data(model: type[ModelT], data: object, document: YamlDocument | None) -> ModelT:
    what_zh, what_en = (
        ("工作流模板", "workflow template") if model is WorkflowTemplate else ("审定权限矩阵", "authority matrix")
    )
    if not isinstance(data, dict):
        raise DefinitionError(
            [
                problem(
                    "",
                    ProblemCode.WRONG_TYPE,
                    f"{what_zh}应为映射（键: 值）",
                    f"a {what_en} must be a mapping (key: value)",
                )
            ]
        )
    too_deep = _too_deep(data, "", 0)
    if too_deep is not None:
        raise DefinitionError(
            [
                problem(
                    too_deep,
                    ProblemCode.DOCUMENT_TOO_DEEP,
                    f"文档嵌套超过 {MAX_NESTING} 层",
                    f"the document nests more than {MAX_NESTING} levels",
                )
            ]
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = tuple(problems_from_validation_error(error))
        raise DefinitionError(document.locate(problems) if document else problems) from None


def _too_deep(data: object, path: str, depth: int) -> str | None:
    if depth > MAX_NESTING:
        return path
    if isinstance(data, dict):
        children: list[tuple[str, object]] = [
            (f"{path}.{key}" if path else str(key), value) for key, value in data.items()
        ]
    elif isinstance(data, list | tuple):
        children = [(f"{path}[{index}]", value) for index, value in enumerate(data)]
    else:
        return None
    for child_path, value in children:
        found = _too_deep(value, child_path, depth + 1)
        if found is not None:
            return found
    return None


_STAGE_ORDER = (
    "key", "kind", "name", "name_en", "description", "when", "actors", "participants", "consolidator",
    "arbiter", "max_changed_characters", "outcomes", "deadline", "gated_by_checks",
)  # fmt: skip


def template_to_data(template: WorkflowTemplate) -> dict[str, Any]:
    """The template as plain data, fields in document order, defaults left out."""
    data = template.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["stages"] = [{key: stage[key] for key in _STAGE_ORDER if key in stage} for stage in data["stages"]]
    return data


def matrix_to_data(matrix: AuthorityMatrix) -> dict[str, Any]:
    """The matrix as plain data; ``channel`` is left out where it is the wildcard."""
    return matrix.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def dump_template(template: WorkflowTemplate) -> str:
    """Readable YAML (ordered keys, Chinese as is) that ``load_template`` reads back equal."""
    return _dump(template_to_data(template))


def dump_matrix(matrix: AuthorityMatrix) -> str:
    """Readable YAML that ``load_matrix`` reads back equal."""
    return _dump(matrix_to_data(matrix))


def template_json_schema() -> dict[str, Any]:
    """The JSON Schema of a workflow template document (what a document may contain, by shape)."""
    return _schema(WorkflowTemplate, "Fabu 工作流模板 / workflow template")


def matrix_json_schema() -> dict[str, Any]:
    """The JSON Schema of an authority-matrix document."""
    return _schema(AuthorityMatrix, "Fabu 审定权限矩阵 / authority matrix")


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}


# Dumping ---------------------------------------------------------------------------------------


class _Flow(dict[str, Any]):
    """A small mapping of plain values, written on one line: ``{kind: principal_leader}``."""


class _FlowList(list[Any]):
    """A list of plain values, written on one line: ``[drafting, department_review]``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # indent list items under their key


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _represent_flow_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def _plain(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _styled(value: object) -> object:
    """Mark small leaves for flow style so conditions, actors and outcomes read as one line each."""
    if isinstance(value, dict):
        items = {key: _styled(item) for key, item in value.items()}
        simple = all(_plain(item) or isinstance(item, _FlowList | _Flow) for item in items.values())
        nested = sum(isinstance(item, _Flow) for item in items.values())
        short = (
            len(items) <= 4
            and nested == 0
            and not any(isinstance(item, str) and len(item) > 40 for item in items.values())
        )
        return _Flow(items) if simple and short else items
    if isinstance(value, list):
        items_ = [_styled(item) for item in value]
        if all(_plain(item) for item in items_) and len(items_) <= 8:
            return _FlowList(items_)
        return items_
    return value


def _dump(data: dict[str, Any]) -> str:
    styled = {key: _styled(value) for key, value in data.items()}
    for entries in ("stages", "rules"):  # each stage and rule stays a block, however short
        if entries in data:
            styled[entries] = [{key: _styled(value) for key, value in entry.items()} for entry in data[entries]]
    return yaml.dump(
        styled, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2, default_flow_style=False
    )
