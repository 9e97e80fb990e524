"""`fabu tenants apply/export/graph` as an operator runs them: a separate process, as the owner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fabu.settings import Settings
from onboarding.conftest import Apply
from onboarding.onboarding_support import CITY, COUNTY, as_yaml, example

Export = Callable[[str], Awaitable[dict[str, Any]]]


def fabu(settings: Settings, *arguments: str) -> subprocess.CompletedProcess[str]:
    assert settings.database_url is not None
    environment = {**os.environ, "FABU_DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-c", "from fabu.cli import main; main()", "tenants", *arguments],
        capture_output=True, text=True, env=environment, check=False, timeout=120,
    )


async def test_the_cli_applies_as_the_owner_without_touching_another_unit(
    settings: Settings, apply: Apply, export: Export, tmp_path: Path
) -> None:
    other = example(COUNTY)
    await apply(other)
    before = await export(other["unit"]["code"])
    data = example(CITY)
    manifest = tmp_path / "unit.yaml"
    manifest.write_text(as_yaml(data), encoding="utf-8")

    first = fabu(settings, "apply", str(manifest))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("已变更 / changed:")
    again = fabu(settings, "apply", str(manifest))
    assert again.stdout.strip() == "无变更 / no changes"

    exported = fabu(settings, "export", data["unit"]["code"])
    round_trip = tmp_path / "exported.yaml"
    round_trip.write_text(exported.stdout, encoding="utf-8")
    assert fabu(settings, "apply", "--dry-run", str(round_trip)).stdout.strip() == "无变更 / no changes"
    graph = fabu(settings, "graph", data["unit"]["code"], "--format", "mermaid")
    assert graph.stdout.startswith("flowchart TD")
    assert await export(other["unit"]["code"]) == before
