"""The wheel carries every module and data file of platform/fabu, and nothing shadows the stdlib."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "platform" / "fabu"


def test_the_wheel_contains_every_module_and_data_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("fabu-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    expected = {
        "fabu/" + path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected, "no source files found"
    assert sorted(expected - names) == []
    assert not any(name.startswith(("platform/", "graphql/", "tests/")) for name in names)


def test_no_package_marker_sits_directly_in_the_source_roots() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists()
    assert not (ROOT / "graphql" / "__init__.py").exists()
