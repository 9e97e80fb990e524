"""Run the publishing fault drills with more runs and releases, and print what they counted.

``uv run python benchmarks/faults.py [--runs 5] [--releases 10]``

The drills are the test suite's (``tests/publishing/test_publishing_faults_*.py``), run by pytest
with ``FABU_FAULTS_RUNS`` and ``FABU_FAULTS_RELEASES`` set; each appends its counts to a file this
script names in ``FABU_FAULTS_COUNTS`` and then reads back into one table. The exit status is
pytest's: a drill that breaks an invariant (a duplicate, a lost or stuck release, anything
unapproved published, a ledger entry wrong, the audit chain broken) fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DRILLS = "tests/publishing/test_publishing_faults_kill.py tests/publishing/test_publishing_faults_redis.py tests/publishing/test_publishing_faults_timeout.py"
COLUMNS = (
    ("scenario", "scenario"),
    ("approved", "approved"),
    ("interrupted", "calls in flight at the fault"),
    ("exactly_once", "published exactly once"),
    ("flagged", "flagged"),
    ("duplicates", "duplicates"),
    ("lost", "lost"),
    ("stuck", "stuck"),
    ("unapproved_published", "unapproved published"),
    ("ledger_mismatches", "ledger mismatches"),
    ("audit_intact", "audit chain intact"),
)


def table(rows: list[dict[str, object]]) -> str:
    """The counts as a Markdown table, one row per scenario."""
    lines = ["| " + " | ".join(label for _, label in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[key]).lower() if isinstance(row[key], bool) else str(row[key]) for key, _ in COLUMNS) + " |")
    return "\n".join(lines)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario")
    parser.add_argument("--releases", type=int, default=10, help="approved releases per run")
    options = parser.parse_args(arguments)
    with tempfile.TemporaryDirectory(prefix="fabu-faults-") as temporary:
        counts = Path(temporary) / "counts.jsonl"
        env = {
            **os.environ,
            "FABU_FAULTS_RUNS": str(options.runs),
            "FABU_FAULTS_RELEASES": str(options.releases),
            "FABU_FAULTS_COUNTS": str(counts),
        }
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DRILLS.split()], cwd=REPOSITORY, env=env, check=False
        )
        rows = [json.loads(line) for line in counts.read_text(encoding="utf-8").splitlines()] if counts.exists() else []
    print(f"\n{options.runs} runs per scenario, {options.releases} approved releases and 2 unapproved per run\n")
    print(table(rows))
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
