"""The documented operations in graphql/operations are valid against the schema, so they always work."""

from __future__ import annotations

from pathlib import Path

import pytest

from fabu.graphql.schema import export_sdl
from graphql import build_schema as parse_sdl
from graphql import parse, validate

OPERATIONS = sorted((Path(__file__).parents[2] / "graphql" / "operations").glob("*.graphql"))


def test_there_are_documented_operations() -> None:
    assert len(OPERATIONS) >= 5


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.stem)
def test_operation_is_valid_and_documented(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "each operation starts with a comment saying what it is for"
    errors = validate(parse_sdl(export_sdl()), parse(text))
    assert errors == []
