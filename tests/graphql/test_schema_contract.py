"""The committed SDL is the contract for front-end teams: it must match the code exactly."""

from __future__ import annotations

from pathlib import Path

from fabu.graphql.schema import export_sdl
from graphql import build_schema as parse_sdl
from graphql import find_breaking_changes

SCHEMA_FILE = Path(__file__).parents[2] / "graphql" / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    current = export_sdl()
    breaking = find_breaking_changes(parse_sdl(committed), parse_sdl(current))
    assert not breaking, f"breaking changes against the committed schema: {breaking}"
    assert current == committed, "schema drifted: run `uv run fabu schema export -o graphql/schema.graphql`"


def test_every_mutation_takes_one_input_and_returns_user_errors() -> None:
    schema = parse_sdl(export_sdl())
    mutation = schema.mutation_type
    assert mutation is not None
    for name, field in mutation.fields.items():
        assert set(field.args) <= {"input"}, name
        payload = field.type.of_type if hasattr(field.type, "of_type") else field.type
        assert "errors" in payload.fields, name  # type: ignore[union-attr]
