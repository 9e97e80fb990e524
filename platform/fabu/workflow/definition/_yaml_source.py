"""Reading YAML text safely: ``safe_load`` semantics, no aliases, no duplicate keys, a line for every path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fabu.workflow.definition._problems import DefinitionError, DefinitionProblem, ProblemCode, problem

MAX_DOCUMENT_CHARS = 256_000


class _AliasFound(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__("alias")
        self.line = line


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` that refuses aliases: they let a small document expand enormously."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event: AliasEvent = self.peek_event()  # type: ignore[no-untyped-call]  # the stub leaves it untyped
            raise _AliasFound(event.start_mark.line + 1 if event.start_mark else 0)
        return super().compose_node(parent, index)


@dataclass
class YamlDocument:
    """The plain data of a YAML document and the line of every path in it (1-based)."""

    data: object
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor the text has (a missing key has none)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def locate(self, problems: tuple[DefinitionProblem, ...]) -> tuple[DefinitionProblem, ...]:
        return tuple(_with_line(found, self.line_of(found.path)) for found in problems)


def _with_line(found: DefinitionProblem, line: int | None) -> DefinitionProblem:
    return replace(found, line=line)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise ``DefinitionError`` with every duplicate key, or the syntax error."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise DefinitionError(
            [
                problem(
                    "",
                    ProblemCode.DOCUMENT_TOO_LARGE,
                    f"文档过大：{len(text)} 个字符，上限 {MAX_DOCUMENT_CHARS}",
                    f"the document is too large: {len(text)} characters, at most {MAX_DOCUMENT_CHARS}",
                )
            ]
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DefinitionError([problem("", ProblemCode.YAML_SYNTAX, "文档为空", "the document is empty")])
        lines: dict[str, int] = {}
        duplicates = list(_walk(node, "", lines))
        if duplicates:
            raise DefinitionError(duplicates)
        data = loader.construct_document(node)
    except _AliasFound as alias:
        found = problem(
            "",
            ProblemCode.YAML_ALIAS,
            "不支持 YAML 别名（*name）：请把内容直接写出",
            "YAML aliases (*name) are not supported: write the content out",
        )
        raise DefinitionError([_with_line(found, alias.line)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(error, "problem", None) or str(error)
        found = problem("", ProblemCode.YAML_SYNTAX, f"YAML 语法错误：{detail}", f"YAML syntax error: {detail}")
        raise DefinitionError([_with_line(found, line)]) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=lines)


def _walk(node: Node, path: str, lines: dict[str, int]) -> Iterator[DefinitionProblem]:
    """Record the line of every path under ``node`` and yield a problem for every repeated key."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{index}]", lines)
    elif isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            child = f"{path}.{key}" if path else key
            if key in seen:
                found = problem(child, ProblemCode.DUPLICATE_KEY, f"键「{key}」重复出现", f"key {key!r} appears twice")
                yield _with_line(found, key_node.start_mark.line + 1)
                continue
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            yield from _walk(value_node, child, lines)
