"""Replaying one workflow transition's SQL with pgbench: capture the statements, write the script, run it.

Part of ``bench_workflow``: the app's own statements for one approval are captured with asyncpg's
query logger, the values that differ per release become pgbench variables read from a table of
ready rows, and pgbench runs the script as the app role at the same concurrency.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg

from fabu.db.engine import DB, asyncpg_config

READY_TABLE = "bench_workflow_ready"
CONCURRENCY = 8  # clients on both sides: GraphQL workers and pgbench connections
PGBENCH_THREADS = 2
PGBENCH_RELEASES = 600  # ready rows pgbench picks from at random (a row picked again repeats the same statements)

# --- capturing the statements of one transition --------------------------------------------------


@dataclass(frozen=True)
class Statement:
    sql: str
    args: tuple[Any, ...]
    connection: int  # which of the pool's connections it ran on


@contextmanager
def captured_statements(pool: Any) -> Iterator[list[Statement]]:
    """Every statement any of the pool's open connections runs meanwhile (asyncpg's query logger).

    Reaches into ``Pool._holders``: asyncpg has no public way to list a pool's connections.
    """
    statements: list[Statement] = []
    connections = [holder._con for holder in pool._holders if holder._con is not None]

    def logger(number: int) -> Any:
        def log(record: Any) -> None:
            statements.append(Statement(record.query, tuple(record.args or ()), number))

        return log

    loggers = [logger(number) for number in range(len(connections))]
    for connection, log in zip(connections, loggers, strict=True):
        connection.add_query_logger(log)
    try:
        yield statements
    finally:
        for connection, log in zip(connections, loggers, strict=True):
            connection.remove_query_logger(log)


def in_transaction(statements: list[Statement]) -> tuple[list[Statement], list[Statement]]:
    """The statements from BEGIN to COMMIT, and those after (asyncpg's reset of a connection going back to the pool)."""
    begins = [index for index, s in enumerate(statements) if s.sql.strip().lower().startswith("begin")]
    commits = [index for index, s in enumerate(statements) if s.sql.strip().lower().startswith("commit")]
    if len(begins) != 1 or len(commits) != 1 or begins[0] != 0:
        raise RuntimeError(f"expected one BEGIN ... COMMIT, got {len(begins)} BEGIN and {len(commits)} COMMIT")
    return statements[: commits[0] + 1], statements[commits[0] + 1 :]


def is_transaction_control(sql: str) -> bool:
    words = sql.strip().rstrip(";").split(None, 1)
    return bool(words) and words[0].lower() in {"begin", "commit", "rollback"}


# --- the pgbench script ---------------------------------------------------------------------------

VARIABLES = ("release_id", "task_id", "title", "version_sha256")  # columns of READY_TABLE, per release
SAVEPOINT = re.compile(r"^(\s*(?:release\s+)?savepoint\s+|\s*rollback\s+to\s+savepoint\s+)(\w+)", re.IGNORECASE)
PARAMETER = re.compile(r"\$(\d+)")


async def ready_rows(releases: Sequence[UUID]) -> list[dict[str, Any]]:
    """release_id, task_id (its open department_review task), title and version_sha256 of each release, in order."""
    rows = await DB.fetch(
        """select r.id as release_id, t.id as task_id, r.title, v.sha256 as version_sha256
           from releases r join workflow_tasks t on t.release_id = r.id
           join release_versions v on v.id = r.current_version_id
           where r.id = any($1::uuid[]) and t.stage_key = 'department_review' and t.status = 'open'""",
        list(releases),
    )
    by_release = {row["release_id"]: row for row in rows}
    if len(by_release) != len(releases) or len(rows) != len(releases):
        raise RuntimeError(f"expected one open department_review task per release, got {len(rows)} for {len(releases)}")
    return [by_release[release] for release in releases]


def quote_text(text: str) -> str:
    """A SQL string literal pgbench leaves alone: in -M prepared it reads every ``:name`` as a variable,
    so colons (timestamps, JSON) are written as Unicode escapes."""
    if ":" in text or "\\" in text:
        escaped = text.replace("\\", "\\\\").replace("'", "''").replace(":", "\\003A")
        return f"U&'{escaped}'"
    return "'" + text.replace("'", "''") + "'"


def array_element(value: Any) -> str:
    if value is None:
        return "NULL"
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal(value: Any) -> str:
    """An argument asyncpg sent, as a SQL literal of unknown type (the server infers it as for a parameter)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return quote_text("{" + ",".join(array_element(item) for item in value) + "}")
    if isinstance(value, datetime | date):
        return quote_text(value.isoformat())
    return quote_text(str(value))


def argument(value: Any, known: dict[str, Any]) -> tuple[str, bool]:
    """The argument as pgbench SQL: a ``:variable`` when it is a per-release value, else a literal
    (with the per-release values inside text spliced in); and whether a per-release value was used."""
    for name, known_value in known.items():
        if value == known_value or (isinstance(value, str) and value == str(known_value)):
            return f":{name}", True
    if isinstance(value, str):
        parts: list[str] = [value]
        used = False
        for name, known_value in known.items():
            needle = str(known_value)
            spliced: list[str] = []
            for part in parts:
                if part.startswith("\x00"):
                    spliced.append(part)
                    continue
                pieces = part.split(needle)
                for index, piece in enumerate(pieces):
                    if index:
                        spliced.append(f"\x00{name}")
                        used = True
                    spliced.append(piece)
            parts = spliced
        if used:
            sql = [f"cast(:{part[1:]} as text)" if part.startswith("\x00") else quote_text(part) for part in parts if part]
            return "(" + " || ".join(sql) + ")", True
    return literal(value), False


def substitute(sql: str, rendered: dict[int, str]) -> str:
    """``$n`` replaced by its pgbench expression."""
    return PARAMETER.sub(lambda match: rendered[int(match.group(1))], sql)


@dataclass(frozen=True)
class Script:
    text: str
    statements: int  # without BEGIN/COMMIT
    per_release_arguments: int
    unmapped_differences: list[str]


def pgbench_script(first: list[Statement], second: list[Statement], first_row: dict[str, Any], second_row: dict[str, Any]) -> Script:
    """The statements of ``first`` as a pgbench script; ``second`` (another release's approval) shows
    which arguments vary per release: those must all be one of ``VARIABLES``."""
    shapes = [(SAVEPOINT.sub(r"\1x", s.sql), len(s.args)) for s in first]
    if shapes != [(SAVEPOINT.sub(r"\1x", s.sql), len(s.args)) for s in second]:
        raise RuntimeError("two approvals sent different statements; the transition is not one fixed script")
    known = {name: first_row[name] for name in VARIABLES}
    known_second = {name: second_row[name] for name in VARIABLES}
    lines = [
        f"-- one decide(APPROVE) transition, captured from the platform ({len(first)} statements incl. BEGIN/COMMIT)",
        f"\\set n random(1, {PGBENCH_RELEASES})",
        f"select {', '.join(VARIABLES)} from {READY_TABLE} where n = :n \\gset",
    ]
    mapped = 0
    unmapped: list[str] = []
    chained = audit_chain(first)
    for index, (statement, other) in enumerate(zip(first, second, strict=True)):
        sql = SAVEPOINT.sub(r"\1bench_savepoint", statement.sql.strip().rstrip(";"))
        gset = AUDIT_TAIL.match(sql) is not None
        if gset:
            sql = AUDIT_TAIL.sub(f"select seq + 1 as {AUDIT_SEQ}, entry_hash as {AUDIT_PREV} from audit_entries", sql)
        rendered: dict[int, str] = {}
        for position, (value, other_value) in enumerate(zip(statement.args, other.args, strict=True), start=1):
            if (index, position) in chained:
                rendered[position] = chained[(index, position)]
                mapped += 1
                continue
            text, used = argument(value, known)
            mapped += used
            if not used and value != other_value:
                expected = argument(other_value, known_second)
                if not expected[1]:
                    unmapped.append(f"statement {index + 1} ${position}: {str(value)[:60]!r} vs {str(other_value)[:60]!r}")
            rendered[position] = text
        sql = substitute(sql, rendered)
        lines.append(sql + (" \\gset" if gset else ";"))
    statements = sum(not is_transaction_control(s.sql) for s in first)
    return Script("\n".join(lines) + "\n", statements, mapped, unmapped)


AUDIT_TAIL = re.compile(r"^\s*select\s+seq\s*,\s*entry_hash\s+from\s+audit_entries", re.IGNORECASE)
AUDIT_INSERT = re.compile(r"^\s*insert\s+into\s+audit_entries\s*\(([^)]*)\)\s*values\s*\(([^)]*)\)", re.IGNORECASE)
AUDIT_SEQ, AUDIT_PREV = "audit_seq", "audit_prev_hash"


def audit_chain(statements: list[Statement]) -> dict[tuple[int, int], str]:
    """The audit log is a hash chain with primary key (tenant_id, seq): the app reads the last entry,
    then inserts seq + 1 pointing at its hash. Replaying the captured seq would collide, so the script
    reads the tail into variables (``\\gset``) and the insert's ``seq`` and ``prev_hash`` use them.
    Returns (statement index, parameter number) -> pgbench expression."""
    if not any(AUDIT_TAIL.match(s.sql) for s in statements):
        return {}
    for index, statement in enumerate(statements):
        match = AUDIT_INSERT.match(statement.sql)
        if match is None:
            continue
        columns = [column.strip() for column in match.group(1).split(",")]
        values = [value.strip() for value in match.group(2).split(",")]
        chained = {}
        for column, variable in (("seq", AUDIT_SEQ), ("prev_hash", AUDIT_PREV)):
            parameter = PARAMETER.fullmatch(values[columns.index(column)])
            if parameter is None:
                raise RuntimeError(f"audit insert: {column} is not a parameter")
            chained[(index, int(parameter.group(1)))] = f":{variable}"
        return chained
    raise RuntimeError("the audit tail is read but no audit entry is inserted")


async def create_ready_table(owner_url: str, app_role: str, rows: list[dict[str, Any]]) -> None:
    """The releases pgbench approves, numbered 1..n; readable by the app role, outside row-level security."""
    connection = await asyncpg.connect(**asyncpg_config(owner_url))
    try:
        await connection.execute(
            f"create table {READY_TABLE} (n int primary key, release_id uuid not null, task_id uuid not null, "
            "title text not null, version_sha256 text not null)"
        )
        await connection.executemany(
            f"insert into {READY_TABLE} values ($1, $2, $3, $4, $5)",
            [(number, *(row[name] for name in VARIABLES)) for number, row in enumerate(rows, start=1)],
        )
        await connection.execute(f'grant select on {READY_TABLE} to "{app_role}"')
        await connection.execute(f"analyze {READY_TABLE}")
    finally:
        await connection.close()


REPOSITORY = Path(__file__).resolve().parents[1]
SCRIPT_PATH = REPOSITORY / ".fabu" / "benchmarks" / "workflow_approve.pgbench.sql"  # git-ignored, overwritten each run


def write_script(text: str) -> Path:
    SCRIPT_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCRIPT_PATH.write_text(text, encoding="utf-8")
    return SCRIPT_PATH


# --- pgbench -------------------------------------------------------------------------------------


def find_pgbench() -> str | None:
    """pgbench from the pgserver wheel (the server's own version), else Debian's, else PATH."""
    candidates = []
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "pgbench"))
    except ImportError:
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"), reverse=True)
    candidates.append(shutil.which("pgbench") or "")
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass(frozen=True)
class PgbenchRun:
    tps: float
    transactions: int
    failed: int


def run_pgbench(binary: str, url: str, script: Path, seconds: int) -> PgbenchRun:
    config = asyncpg_config(url)
    environment = {**os.environ, "PGPASSWORD": str(config.get("password", ""))}
    command = [
        binary, "-h", str(config["host"]), "-p", str(config["port"]), "-U", str(config["user"]),
        "-c", str(CONCURRENCY), "-j", str(PGBENCH_THREADS), "-T", str(seconds), "-n", "-M", "prepared",
        "-f", str(script), str(config["database"]),
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    output = completed.stdout + completed.stderr
    tps = re.search(r"^tps = ([\d.]+) \(without initial connection time\)", output, re.MULTILINE)
    processed = re.search(r"number of transactions actually processed: (\d+)", output)
    failed = re.search(r"number of failed transactions: (\d+)", output)
    if completed.returncode != 0 or tps is None or processed is None:
        raise RuntimeError(f"pgbench failed ({completed.returncode}):\n{output[-3000:]}")
    return PgbenchRun(float(tps.group(1)), int(processed.group(1)), int(failed.group(1)) if failed else 0)
