"""The documented contract and the code agree: every public name is documented, every member has a docstring."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import fabu.channels
from fabu.channels import api
from fabu.channels.api import Capability, ChannelPlugin, PublicationState
from fabu.channels.registry import SkipReason

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "channel-plugins.md").read_text(encoding="utf-8")


def mentioned(name: str) -> bool:
    return re.search(rf"`[^`]*\b{re.escape(name)}\b[^`]*`", GUIDE) is not None


@pytest.mark.parametrize("name", fabu.channels.__all__)
def test_every_public_name_of_the_sdk_is_in_the_guide(name: str) -> None:
    assert mentioned(name), f"docs/channel-plugins.md does not mention `{name}`"


@pytest.mark.parametrize(
    "name",
    [name for name, _ in inspect.getmembers(ChannelPlugin) if not name.startswith("_")]
    + [name for name in ChannelPlugin.__annotations__ if not name.startswith("_")],
)
def test_every_member_of_the_plugin_base_class_is_in_the_guide(name: str) -> None:
    assert mentioned(name)


@pytest.mark.parametrize(
    "value",
    [state.value for state in PublicationState]
    + [reason.value for reason in SkipReason]
    + [capability.method for capability in Capability],
)
def test_every_state_skip_reason_and_capability_is_in_the_guide(value: str) -> None:
    assert mentioned(value)


def _members_without_docstrings(tree: ast.Module) -> list[str]:
    """Public functions, classes and class attributes of ``tree`` lacking a docstring right after them."""
    missing = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            public = not node.name.startswith("_") or node.name in {"__str__"}
            if public and ast.get_docstring(node) is None:
                missing.append(node.name)
        if isinstance(node, ast.ClassDef | ast.Module):
            body = node.body
            for statement, following in zip(body, [*body[1:], None], strict=True):
                target = _assigned_name(statement)
                documented = isinstance(following, ast.Expr) and isinstance(
                    following.value, ast.Constant
                )
                if (
                    target
                    and not target.startswith("_")
                    and target != "model_config"
                    and not documented
                ):
                    missing.append(target)
    return missing


def _assigned_name(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
    ):
        name = statement.targets[0].id
        return None if name == "__all__" else name
    return None


def test_every_member_of_the_contract_file_has_a_one_line_docstring() -> None:
    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))

    assert _members_without_docstrings(tree) == []


def test_the_guide_states_the_current_api_version() -> None:
    assert f"API version `{api.API_VERSION}`" in GUIDE
