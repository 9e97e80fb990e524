"""Benchmark of the ``decide`` APPROVE transition through GraphQL against pgbench running its SQL.

Run with ``uv run python benchmarks/run.py workflow`` (or this file directly). It prints a short
report and ``main()`` returns the figures as a dict.

* Servers: embedded PostgreSQL and Redis in a temporary directory, a freshly migrated database,
  the platform's services connected as the non-owner app role, production settings.
* Data: one unit on the built-in ``standard`` workflow and authority matrix, with the test suite's
  staff (a drafter and a department reviewer in the lead department, an office reviewer, leaders),
  and ``GRAPHQL_RELEASES + PGBENCH_RELEASES`` routine releases created and submitted through the
  services (``create_release`` and ``engine.submit``) inside tenant transactions, so each waits in
  ``department_review`` with one open review task.
* Measured: the ``decide(input: {decision: APPROVE})`` mutation through GraphQL, in-process over
  ASGI, with the department reviewer's access token from the ``login`` mutation, ``CONCURRENCY``
  workers, each release approved once (department_review -> office_review).
* Baseline: every statement one such request sends (BEGIN and COMMIT included) is captured with
  asyncpg's query logger on the pool's connections, turned into a pgbench script (the release and
  its task become variables read from a table of ready-to-approve releases, every other argument a
  literal) and run with ``pgbench -M prepared -c CONCURRENCY -j 2 -T ... -n`` over the unix socket
  as the same app role on the same database. GraphQL rounds and pgbench rounds alternate.
* The headline figure is GraphQL transitions/s divided by pgbench TPS (median of per-round ratios).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import httpx
from strawberry.relay import to_base64

from _pgbench_replay import (
    CONCURRENCY,
    PGBENCH_RELEASES,
    REPOSITORY,
    PgbenchRun,
    Script,
    Statement,
    captured_statements,
    create_ready_table,
    find_pgbench,
    in_transaction,
    is_transaction_control,
    pgbench_script,
    ready_rows,
    run_pgbench,
    write_script,
)
from _support import EmbeddedPlatform, embedded_platform, in_process_client, median, run_and_report
from _workflow_seed import PASSWORD, REVIEWER, UNIT_CODE, Seeded, seed_unit
from fabu.app import create_app
from fabu.db.engine import DB, asyncpg_config
from fabu.db.session import tenant_transaction
from fabu.services import app_database_url

OPINION = "内容真实准确，表述规范，同意报送。"

POOL_SIZE = 10  # the platform's default FABU_DB_POOL_SIZE
ROUNDS = 3
WARM_UP = 3 * CONCURRENCY  # GraphQL approvals before anything is measured (also opens the pool's connections)
CAPTURED = 2  # approvals whose statements are captured, one at a time, to find the per-release arguments
PER_ROUND = 150  # GraphQL approvals per round
GRAPHQL_RELEASES = WARM_UP + CAPTURED + ROUNDS * PER_ROUND
PGBENCH_SECONDS = 5  # per round
PGBENCH_WARM_UP_SECONDS = 2

DECIDE = (
    "mutation Decide($input: DecideInput!) { decide(input: $input) "
    "{ replayed workflow { stage status round lockVersion } errors { field code message } } }"
)
LOGIN = (
    "mutation Login($input: LoginInput!) { login(input: $input) "
    "{ tokens { accessToken } errors { field code message } } }"
)


async def analyze(owner_url: str) -> None:
    """Fresh statistics, so autovacuum does not change query plans halfway through the rounds."""
    connection = await asyncpg.connect(**asyncpg_config(owner_url))
    try:
        await connection.execute("analyze")
    finally:
        await connection.close()


async def log_in(client: httpx.AsyncClient, username: str) -> str:
    variables = {"input": {"unitCode": UNIT_CODE, "username": username, "password": PASSWORD}}
    response = await client.post("/graphql", json={"query": LOGIN, "variables": variables})
    payload = response.json()["data"]["login"]
    if payload["errors"]:
        raise RuntimeError(f"login failed: {payload['errors']}")
    token: str = payload["tokens"]["accessToken"]
    return token


# --- GraphQL approvals ---------------------------------------------------------------------------


class Approver:
    """Sends ``decide(APPROVE)`` for the next seeded release, as the department reviewer."""

    def __init__(self, client: httpx.AsyncClient, token: str, releases: Sequence[UUID]) -> None:
        self.cpu_ms: list[float] = []  # this process's CPU time per approval, per call of rate()
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.pending = iter(releases)

    async def approve(self) -> UUID:
        release_id = next(self.pending)
        variables = {"input": {"releaseId": to_base64("Release", str(release_id)), "decision": "APPROVE", "opinion": OPINION}}
        response = await self.client.post("/graphql", json={"query": DECIDE, "variables": variables}, headers=self.headers)
        body = response.json()
        payload = (body.get("data") or {}).get("decide")
        if response.status_code != 200 or "errors" in body or payload is None or payload["errors"]:
            raise RuntimeError(f"decide answered {response.status_code}: {response.text[:500]}")
        if payload["workflow"]["stage"] != "office_review":
            raise RuntimeError(f"decide moved the release to {payload['workflow']['stage']!r}, not office_review")
        return release_id

    async def rate(self, count: int, concurrency: int) -> float:
        """Transitions/s of ``count`` approvals through ``concurrency`` workers."""
        remaining = iter(range(count))

        async def worker() -> None:
            for _ in remaining:
                await self.approve()

        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        self.cpu_ms.append((time.process_time() - cpu) * 1000 / count)
        return count / elapsed


async def table_scans(owner_url: str) -> dict[str, tuple[int, int, int]]:
    """(sequential scans, rows they read, index scans) of every table so far."""
    connection = await asyncpg.connect(**asyncpg_config(owner_url))
    try:
        rows = await connection.fetch(
            "select relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) as idx_scan from pg_stat_user_tables"
        )
    finally:
        await connection.close()
    return {row["relname"]: (row["seq_scan"], row["seq_tup_read"], row["idx_scan"]) for row in rows}


def scan_growth(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> dict[str, dict[str, int]]:
    """Tables scanned sequentially while measuring (both sides together), most rows read first."""
    grown = {}
    for table, (seq_scan, seq_rows, idx_scan) in after.items():
        old = before.get(table, (0, 0, 0))
        if seq_scan > old[0]:
            grown[table] = {"seq_scans": seq_scan - old[0], "rows_read": seq_rows - old[1], "index_scans": idx_scan - old[2]}
    return dict(sorted(grown.items(), key=lambda item: -item[1]["rows_read"]))


# --- the run -------------------------------------------------------------------------------------


async def run() -> dict[str, Any]:
    started = time.perf_counter()
    async with embedded_platform(db_pool_size=POOL_SIZE) as platform:
        seeded = await seed_unit(platform, GRAPHQL_RELEASES, PGBENCH_RELEASES)
        await analyze(platform.owner_url)
        setup_seconds = time.perf_counter() - started
        figures = await run_against(platform, seeded)
    figures["setup_seconds"] = round(setup_seconds, 1)
    figures["seed_seconds"] = round(seeded.seconds, 1)
    figures["seeded_releases"] = GRAPHQL_RELEASES + PGBENCH_RELEASES
    return figures


async def run_against(platform: EmbeddedPlatform, seeded: Seeded) -> dict[str, Any]:
    settings = platform.settings
    async with in_process_client(create_app(settings, platform.services), "http://fabu.bench") as client:
        token = await log_in(client, REVIEWER)
        approver = Approver(client, token, seeded.graphql_releases)
        await approver.rate(WARM_UP, CONCURRENCY)  # also opens the pool's connections the capture listens on

        captures: list[list[Statement]] = []
        rows: list[dict[str, Any]] = []
        for release in seeded.graphql_releases[WARM_UP : WARM_UP + CAPTURED]:
            async with tenant_transaction(seeded.tenant_id):
                rows += await ready_rows([release])
            before = DB.statement_count
            with captured_statements(DB.pool) as statements:
                approved = await approver.approve()
            assert approved == release
            counted = DB.statement_count - before
            statements, after = in_transaction(statements)
            sent = sum(not is_transaction_control(s.sql) for s in statements)
            pool_resets = len(after)
            if sent != counted:
                raise RuntimeError(f"captured {sent} statements but DB.statement_count grew by {counted}")
            if len({s.connection for s in statements}) != 1:
                raise RuntimeError("one approval used more than one connection; the script would not be one transaction")
            captures.append(statements)
        script = pgbench_script(captures[0], captures[1], rows[0], rows[1])

        async with tenant_transaction(seeded.tenant_id):
            pgbench_rows = await ready_rows(seeded.pgbench_releases)
        await create_ready_table(platform.owner_url, settings.app_db_role, pgbench_rows)
        binary = find_pgbench()

        script_path = write_script(script.text)
        url = app_database_url(settings)
        if binary is not None:
            await asyncio.to_thread(run_pgbench, binary, url, script_path, PGBENCH_WARM_UP_SECONDS)
        scans_before = await table_scans(platform.owner_url)
        measured = time.perf_counter()
        approver.cpu_ms.clear()
        role = settings.app_db_role
        samplers = (WaitSampler(platform.owner_url, role, pgbench=False), WaitSampler(platform.owner_url, role, pgbench=True))
        graphql_rates, pgbench_runs = await measure_rounds(approver, binary, url, script_path, samplers)
        cpu_ms = median(approver.cpu_ms)
        measure_seconds = time.perf_counter() - measured
        await asyncio.sleep(1.1)  # backends report their statistics at most once a second
        scans_after = await table_scans(platform.owner_url)
    relative = str(script_path.relative_to(REPOSITORY))
    figures = summarize(graphql_rates, pgbench_runs, script, captures[0], binary, measure_seconds, relative)
    figures["graphql_python_cpu_ms_per_transition"] = round(cpu_ms, 2)
    figures["graphql_backends_by_state"] = samplers[0].averages()
    figures["pgbench_backends_by_state"] = samplers[1].averages()
    figures["statements_after_commit"] = pool_resets  # asyncpg's reset of the connection going back to the pool
    figures["sequential_scans_while_measuring"] = scan_growth(scans_before, scans_after)
    return figures


class WaitSampler:
    """What the app role's backends are doing, sampled from ``pg_stat_activity`` while GraphQL runs:
    how many backends, on average, are in each state (e.g. waiting for a lock, idle in a transaction
    while Python works)."""

    INTERVAL = 0.02

    def __init__(self, owner_url: str, role: str, *, pgbench: bool) -> None:
        self.owner_url, self.role, self.pgbench = owner_url, role, pgbench
        self.counts: dict[str, int] = {}
        self.samples = 0

    @contextmanager
    def sampling(self) -> Iterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(self._sample(stop))
        try:
            yield
        finally:
            stop.set()
            self._task = task

    async def _sample(self, stop: asyncio.Event) -> None:
        connection = await asyncpg.connect(**asyncpg_config(self.owner_url))
        try:
            while not stop.is_set():
                rows = await connection.fetch(
                    """select state, wait_event_type, wait_event from pg_stat_activity
                       where usename = $1 and (application_name = 'pgbench') = $2""",
                    self.role, self.pgbench,
                )
                for row in rows:
                    key = f"{row['state']}: {row['wait_event_type'] or '-'}/{row['wait_event'] or '-'}"
                    self.counts[key] = self.counts.get(key, 0) + 1
                self.samples += 1
                await asyncio.sleep(self.INTERVAL)
        finally:
            await connection.close()

    async def finish(self) -> None:
        task = getattr(self, "_task", None)
        if task is not None:
            await task

    def averages(self) -> dict[str, float]:
        if not self.samples:
            return {}
        ranked = sorted(self.counts.items(), key=lambda item: -item[1])
        return {key: round(count / self.samples, 2) for key, count in ranked if count / self.samples >= 0.05}


async def measure_rounds(
    approver: Approver, binary: str | None, url: str, script_path: Path, samplers: tuple[WaitSampler, WaitSampler]
) -> tuple[list[float], list[PgbenchRun]]:
    """``ROUNDS`` rounds of GraphQL approvals and a pgbench run; in odd rounds pgbench goes first."""
    graphql_rates: list[float] = []
    pgbench_runs: list[PgbenchRun] = []

    async def graphql() -> None:
        with samplers[0].sampling():
            graphql_rates.append(await approver.rate(PER_ROUND, CONCURRENCY))
        await samplers[0].finish()

    async def baseline() -> None:
        if binary is not None:
            with samplers[1].sampling():
                pgbench_runs.append(await asyncio.to_thread(run_pgbench, binary, url, script_path, PGBENCH_SECONDS))
            await samplers[1].finish()

    for round_number in range(ROUNDS):
        for step in (baseline, graphql) if round_number % 2 else (graphql, baseline):
            await step()
    return graphql_rates, pgbench_runs


def summarize(
    graphql_rates: list[float],
    pgbench_runs: list[PgbenchRun],
    script: Script,
    statements: list[Statement],
    binary: str | None,
    measure_seconds: float,
    script_path: str,
) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "concurrency": CONCURRENCY,
        "rounds": ROUNDS,
        "measure_seconds": round(measure_seconds, 1),
        "graphql_transitions_per_second": round(median(graphql_rates), 1),
        "graphql_rounds": [round(rate, 1) for rate in graphql_rates],
        "statements_per_transition": script.statements,
        "statements_per_transition_with_begin_commit": len(statements),
        "per_release_arguments": script.per_release_arguments,
        "unmapped_per_release_differences": script.unmapped_differences,
        "pgbench": binary,
        "pgbench_script": script_path,
        "statement_kinds": statement_kinds(statements),
    }
    if pgbench_runs:
        ratios = [rate / run.tps for rate, run in zip(graphql_rates, pgbench_runs, strict=True)]
        figures["ratio_graphql_to_pgbench"] = round(median(ratios), 3)
        figures["ratio_min"] = round(min(ratios), 3)
        figures["ratio_max"] = round(max(ratios), 3)
        figures["pgbench_tps"] = round(median([run.tps for run in pgbench_runs]), 1)
        figures["pgbench_rounds"] = [round(run.tps, 1) for run in pgbench_runs]
        figures["pgbench_failed_transactions"] = sum(run.failed for run in pgbench_runs)
    else:
        figures["ratio_graphql_to_pgbench"] = None
        figures["skipped"] = "pgbench not found (pgserver wheel, /usr/lib/postgresql/*/bin, PATH): no baseline, no ratio"
    return figures


def statement_kinds(statements: list[Statement]) -> dict[str, int]:
    """How many statements of each leading keyword and table, e.g. ``insert notifications``."""
    kinds: dict[str, int] = {}
    for statement in statements:
        words = re.sub(r"\s+", " ", statement.sql.strip().lower())
        match = re.match(r"(select|insert into|update|delete from|savepoint|release savepoint|begin|commit)\s*(\w+)?", words)
        key = words[:30] if match is None else " ".join(part for part in match.groups() if part)
        if key.startswith(("savepoint", "release savepoint")):
            key = key.split(" mutation_")[0].rsplit(" ", 1)[0] if " " in key else key
        if key.startswith("select") and " from " in words:
            key = "select " + words.split(" from ", 1)[1].split(" ", 1)[0]
        kinds[key] = kinds.get(key, 0) + 1
    return dict(sorted(kinds.items(), key=lambda item: -item[1]))


def report(figures: dict[str, Any]) -> None:
    print(f"decide(APPROVE) through GraphQL vs pgbench replaying its SQL ({CONCURRENCY} concurrent, {ROUNDS} rounds)")
    print(f"  GraphQL transitions/s   {figures['graphql_transitions_per_second']:>8.1f}   rounds {figures['graphql_rounds']}")
    print(
        f"  Python CPU per GraphQL transition {figures['graphql_python_cpu_ms_per_transition']:.1f} ms "
        f"(one event loop: at most {1000 / figures['graphql_python_cpu_ms_per_transition']:.0f} transitions/s on one core)"
    )
    if figures.get("ratio_graphql_to_pgbench") is None:
        print(f"  SKIPPED baseline: {figures['skipped']}")
    else:
        print(f"  pgbench TPS             {figures['pgbench_tps']:>8.1f}   rounds {figures['pgbench_rounds']}")
        print(
            f"  ratio                   {figures['ratio_graphql_to_pgbench']:>8.3f}   range "
            f"{figures['ratio_min']:.3f}-{figures['ratio_max']:.3f} (target 0.5)"
        )
        if figures["pgbench_failed_transactions"]:
            print(f"  ! pgbench failed transactions: {figures['pgbench_failed_transactions']}")
    print(
        f"  SQL statements per transition: {figures['statements_per_transition']} "
        f"({figures['statements_per_transition_with_begin_commit']} with BEGIN/COMMIT)"
    )
    print(f"  plus {figures['statements_after_commit']} after COMMIT (asyncpg's reset of the connection returning to the pool)")
    print(f"  by kind: {figures['statement_kinds']}")
    for side in ("graphql", "pgbench"):
        states = ", ".join(f"{state} {average}" for state, average in figures[f"{side}_backends_by_state"].items())
        print(f"  app-role backends during {side} rounds, average number by state: {states or '-'}")
    scans = figures["sequential_scans_while_measuring"]
    if scans:
        listed = ", ".join(f"{table} {row['seq_scans']}x/{row['rows_read']:,} rows" for table, row in list(scans.items())[:6])
        print(f"  sequential scans while measuring (both sides): {listed}")
    if figures["unmapped_per_release_differences"]:
        print(f"  arguments that vary per release but were kept literal: {figures['unmapped_per_release_differences']}")
    print(f"  pgbench script: {figures['pgbench_script']}")
    print(f"  setup {figures['setup_seconds']} s (seeding {figures['seed_seconds']} s), measuring {figures['measure_seconds']} s")


def main() -> dict[str, Any]:
    """Run the benchmark, print a short report, return the figures."""
    return run_and_report(run, report)


if __name__ == "__main__":
    main()
