"""Documents that can be generated are generated; these tests fail when they drift from the code."""

from __future__ import annotations

from pathlib import Path

from fabu.settings_docs import render_settings_reference

ROOT = Path(__file__).parents[1]


def test_settings_reference_matches_the_settings_class() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == render_settings_reference(), (
        "run `uv run fabu settings-doc -o docs/settings.md`"
    )


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_commands = [line.strip() for line in readme.splitlines() if line.strip().startswith("uv run")][:2]
    assert first_commands == ["uv run fabu dev", "uv run pytest"]
