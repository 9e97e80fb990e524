"""The line in the manifest's text of each problem's path, looked up only when there are problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import yaml

from fabu.onboarding._problems import ManifestProblem

_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def with_lines(text: str, problems: Iterable[ManifestProblem]) -> list[ManifestProblem]:
    """``problems`` with the 1-based line of their path (or of its nearest ancestor) filled in."""
    found = list(problems)
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError:
        return found
    lines: dict[str, int] = {}
    if node is not None:
        _walk(node, "", lines)
    return [item if item.line else replace(item, line=_line_of(lines, item.path)) for item in found]


def _walk(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", lines)


def _line_of(lines: dict[str, int], path: str) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
