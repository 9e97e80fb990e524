"""Run the benchmarks: ``uv run python benchmarks/run.py [name ...]``.

Every ``benchmarks/bench_<name>.py`` exposes ``main() -> dict`` that prints a short report and
returns its figures. Without arguments every benchmark runs; with names (``api``, ``bench_api`` or
``bench_api.py``) only those. The runner prints a summary of each benchmark's ratios and writes
all figures to ``.fabu/benchmarks/latest.json``. It exits with 1 when a benchmark failed, 2 for
an unknown name.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
RESULTS = REPOSITORY / ".fabu" / "benchmarks" / "latest.json"
PREFIX = "bench_"
HEADLINE = ("ratio_", "statements_")  # figures the summary shows


def available() -> list[str]:
    """The names of all benchmarks, from their file names."""
    return sorted(path.stem.removeprefix(PREFIX) for path in BENCHMARKS.glob(f"{PREFIX}*.py"))


def normalize(name: str) -> str:
    """``api``, ``bench_api`` and ``bench_api.py`` all name the same benchmark."""
    return Path(name).name.removesuffix(".py").removeprefix(PREFIX)


def run_one(name: str) -> dict[str, Any]:
    """Import ``bench_<name>`` and run its ``main()``; the figures, or the error, with the duration."""
    print(f"== {name} ==", flush=True)
    started = time.perf_counter()
    try:
        module = importlib.import_module(PREFIX + name)
        figures = module.main()
        json.dumps(figures)  # a benchmark must return figures that can be written as they are
        outcome: dict[str, Any] = {"status": "ok", "figures": figures}
    except Exception as error:  # one failing benchmark must not stop the others
        traceback.print_exc()
        outcome = {"status": "failed", "error": f"{type(error).__name__}: {error}"}
    outcome["seconds"] = round(time.perf_counter() - started, 1)
    print(flush=True)
    return outcome


def print_summary(outcomes: Mapping[str, Mapping[str, Any]]) -> None:
    """Each benchmark's status, duration and headline figures (top-level keys with a HEADLINE prefix)."""
    print("== summary ==")
    for name, outcome in outcomes.items():
        print(f"{name:<12} {outcome['status']:<7} {outcome['seconds']:7.1f} s")
        if outcome["status"] != "ok":
            print(f"    {outcome['error']}")
            continue
        for key, value in outcome["figures"].items():
            if key.startswith(HEADLINE):
                print(f"    {key:<40} {value}")


def git_commit() -> str | None:
    """The checked-out commit, to tell result files apart; None outside a git work tree."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, read-only
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return completed.stdout.strip()


def write_results(outcomes: Mapping[str, Mapping[str, Any]]) -> None:
    document = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "benchmarks": outcomes,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {RESULTS.relative_to(REPOSITORY)}")


def main(arguments: list[str]) -> int:
    known = available()
    names = [normalize(argument) for argument in arguments] or known
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(known)}", file=sys.stderr)
        return 2
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))  # when imported from elsewhere; a script run has it already
    outcomes = {name: run_one(name) for name in names}
    print_summary(outcomes)
    write_results(outcomes)
    return 0 if all(outcome["status"] == "ok" for outcome in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
