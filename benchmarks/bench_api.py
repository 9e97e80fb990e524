"""Benchmark of the GraphQL API against a bare Litestar + asyncpg endpoint returning the same JSON.

Run with ``uv run python benchmarks/run.py api`` (or this file directly). It prints a short report
and ``main()`` returns the figures as a dict.

* Servers: embedded PostgreSQL and Redis in a temporary directory, a freshly migrated database,
  the platform's services connected as the non-owner app role, production settings.
* Data: one unit with 12 departments, 1,000 people and about 2,000 memberships (seeded, so runs
  are comparable), and a login whose access token comes from the ``login`` mutation.
* Queries: ``viewer`` (the fixed cost of an authenticated request) and ``people(first: N)`` with
  every person's memberships and each membership's department, so an N+1 would show.
* Baseline: a bare Litestar app whose handlers verify the same bearer token, open a transaction
  on a pool of the same size as the same app role, set the tenant with the same ``set_config``,
  check the login session and build the same JSON from hand-written SQL. Before measuring, both
  answers are compared and must be equal.
* Throughput: both apps in-process over ASGI (``httpx.ASGITransport``), a fixed number of
  requests through ``CONCURRENCY`` workers, after a warm-up, in ``ROUNDS`` rounds alternating
  which app goes first. The headline figure is GraphQL requests/s divided by baseline requests/s
  (the median of the per-round ratios). A constant endpoint without database access shows the
  floor the in-process HTTP client and Litestar put under both.
* Statements: SQL statements per request at page sizes 10 and 1,000, from ``DB.statement_count``
  deltas for GraphQL and from the baseline's own counter. BEGIN/COMMIT are counted on neither side.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import httpx
from litestar import Litestar, Request, post
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException

from _api_seed import DEPARTMENTS, PASSWORD, PEOPLE, UNIT_CODE, USERNAME, seed_unit
from _support import EmbeddedPlatform, embedded_platform, in_process_client, median, requests_per_second, run_and_report
from fabu.app import create_app
from fabu.db.engine import DB, asyncpg_config
from fabu.db.session import TENANT_SETTING
from fabu.identity.credentials import parse_authorization
from fabu.identity.tokens import AccessClaims
from fabu.services import app_database_url
from fabu.settings import Settings
from fabu.tenancy.roles import Role

POOL_SIZE = 10  # both apps: the platform's default FABU_DB_POOL_SIZE
CONCURRENCY = 8
ROUNDS = 7
WARM_UP_SHARE = 0.3  # of a scenario's requests, per app, before the first round
VIEWER_REQUESTS = 200  # per app and round
PAGE_REQUESTS = {10: 100, 1_000: 8}  # page size -> requests per app and round

VIEWER_QUERY = "query Viewer { viewer { username name roles } }"
PEOPLE_QUERY = (
    "query People($first: Int!) { people(first: $first) "
    "{ nodes { name title memberships { role department { name } } } } }"
)
LOGIN_MUTATION = (
    "mutation Login($input: LoginInput!) { login(input: $input) "
    "{ tokens { accessToken } errors { field code message } } }"
)

Send = Callable[[], Awaitable[bytes]]


async def analyze(owner_url: str) -> None:
    """Fresh statistics, so autovacuum does not change query plans halfway through the rounds."""
    connection = await asyncpg.connect(**asyncpg_config(owner_url))
    try:
        await connection.execute("analyze tenants, departments, people, memberships, accounts, login_sessions")
    finally:
        await connection.close()


async def log_in(client: httpx.AsyncClient) -> str:
    """An access token from the ``login`` mutation."""
    variables = {"input": {"unitCode": UNIT_CODE, "username": USERNAME, "password": PASSWORD}}
    response = await client.post("/graphql", json={"query": LOGIN_MUTATION, "variables": variables})
    payload = response.json()["data"]["login"]
    if payload["errors"]:
        raise RuntimeError(f"login failed: {payload['errors']}")
    token: str = payload["tokens"]["accessToken"]
    return token


# --- the baseline app ----------------------------------------------------------------------------

SESSION_SQL = """
    select 1
    from login_sessions s join accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id
    where s.id = $1 and s.account_id = $2 and s.revoked_at is null and not a.disabled
"""
VIEWER_SQL = """
    select a.username, p.name,
           coalesce((select array_agg(distinct m.role) from memberships m
                     where m.tenant_id = a.tenant_id and m.person_id = a.person_id), '{}') as roles
    from login_sessions s
    join accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id
    join people p on p.tenant_id = a.tenant_id and p.id = a.person_id
    where s.id = $1 and s.account_id = $2 and s.revoked_at is null and not a.disabled
"""
PEOPLE_SQL = "select id, name, title from people order by name::text, id limit $1"
MEMBERSHIPS_SQL = """
    select m.person_id, m.role, d.name as department_name
    from memberships m join departments d on d.tenant_id = m.tenant_id and d.id = m.department_id
    where m.person_id = any($1::uuid[])
    order by m.created_at, m.id
"""
ROLE_ORDER = {role: index for index, role in enumerate(Role)}


class Baseline:
    """What a hand-written endpoint does per request, with a count of the statements it sends."""

    def __init__(self, pool: Any, settings: Settings) -> None:
        self.pool = pool
        self.settings = settings
        self.statements = 0

    async def fetch(self, connection: Any, sql: str, *args: Any) -> list[Any]:
        self.statements += 1
        rows: list[Any] = await connection.fetch(sql, *args)
        return rows

    def claims(self, request: Request[Any, Any, Any]) -> AccessClaims:
        credentials = parse_authorization(request.headers.get("authorization"), self.settings)
        if credentials is None or credentials.access is None:
            raise NotAuthorizedException()
        return credentials.access

    async def viewer(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        claims = self.claims(request)
        async with self.pool.acquire() as connection, connection.transaction():
            await self.set_tenant(connection, claims)
            rows = await self.fetch(connection, VIEWER_SQL, claims.session_id, claims.account_id)
        if not rows:
            raise NotAuthorizedException()
        roles = sorted((Role(role) for role in rows[0]["roles"]), key=ROLE_ORDER.__getitem__)
        viewer = {"username": rows[0]["username"], "name": rows[0]["name"], "roles": [role.name for role in roles]}
        return {"data": {"viewer": viewer}}

    async def people(self, request: Request[Any, Any, Any], first: int) -> dict[str, Any]:
        claims = self.claims(request)
        async with self.pool.acquire() as connection, connection.transaction():
            await self.set_tenant(connection, claims)
            if not await self.fetch(connection, SESSION_SQL, claims.session_id, claims.account_id):
                raise NotAuthorizedException()
            people = await self.fetch(connection, PEOPLE_SQL, first)
            memberships = await self.fetch(connection, MEMBERSHIPS_SQL, [person["id"] for person in people])
        by_person: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
        for row in memberships:
            by_person[row["person_id"]].append({"role": Role(row["role"]).name, "department": {"name": row["department_name"]}})
        nodes = [
            {"name": person["name"], "title": person["title"], "memberships": by_person.get(person["id"], [])}
            for person in people
        ]
        return {"data": {"people": {"nodes": nodes}}}

    async def set_tenant(self, connection: Any, claims: AccessClaims) -> None:
        await self.fetch(connection, "select set_config($1, $2, true)", TENANT_SETTING, str(claims.tenant_id))


def baseline_app(baseline: Baseline) -> Litestar:
    @post("/viewer", status_code=200)
    async def viewer(request: Request[Any, Any, State]) -> dict[str, Any]:
        return await baseline.viewer(request)

    @post("/people", status_code=200)
    async def people(request: Request[Any, Any, State], data: dict[str, int]) -> dict[str, Any]:
        return await baseline.people(request, data["first"])

    @post("/constant", status_code=200)
    async def constant() -> dict[str, Any]:
        return {"data": {"ok": True}}

    return Litestar(route_handlers=[viewer, people, constant], debug=False)


# --- measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One query, sent the GraphQL way and the baseline way."""

    name: str
    requests: int
    graphql: Send
    baseline: Send


def sender(client: httpx.AsyncClient, path: str, body: dict[str, Any], token: str) -> Send:
    headers = {"Authorization": f"Bearer {token}"}

    async def send() -> bytes:
        response = await client.post(path, json=body, headers=headers)
        if response.status_code != 200 or b'"errors"' in response.content:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:500]}")
        return response.content

    return send


def scenarios(graphql: httpx.AsyncClient, baseline: httpx.AsyncClient, token: str) -> list[Scenario]:
    def people(first: int, requests: int) -> Scenario:
        return Scenario(
            f"people_{first}",
            requests,
            sender(graphql, "/graphql", {"query": PEOPLE_QUERY, "variables": {"first": first}}, token),
            sender(baseline, "/people", {"first": first}, token),
        )

    viewer = Scenario(
        "viewer",
        VIEWER_REQUESTS,
        sender(graphql, "/graphql", {"query": VIEWER_QUERY, "variables": {}}, token),
        sender(baseline, "/viewer", {}, token),
    )
    return [viewer, *(people(first, requests) for first, requests in PAGE_REQUESTS.items())]


async def compare_answers(scenario: Scenario) -> dict[str, int]:
    """Refuse to compare two apps that do not answer the same thing; returns each answer's size."""
    ours, theirs = await scenario.graphql(), await scenario.baseline()
    if json.loads(ours) != json.loads(theirs):
        raise AssertionError(f"{scenario.name}: GraphQL and baseline answers differ:\n{ours[:600]!r}\n{theirs[:600]!r}")
    return {"graphql": len(ours), "baseline": len(theirs)}


async def statements_of(send: Send, counter: Callable[[], int]) -> int:
    """Statements one request sends, alone (nothing else runs meanwhile)."""
    before = counter()
    await send()
    return counter() - before


async def count_statements(all_scenarios: list[Scenario], baseline: Baseline) -> dict[str, dict[str, int]]:
    counts = {}
    for scenario in all_scenarios:
        counts[scenario.name] = {
            "graphql": await statements_of(scenario.graphql, lambda: DB.statement_count),
            "baseline": await statements_of(scenario.baseline, lambda: baseline.statements),
        }
    return counts


@dataclass
class Rates:
    graphql: list[float]
    baseline: list[float]
    graphql_statements: list[float]

    def ratios(self) -> list[float]:
        return [ours / theirs for ours, theirs in zip(self.graphql, self.baseline, strict=True)]


async def measure_throughput(all_scenarios: list[Scenario], constant: Send) -> tuple[dict[str, Rates], list[float]]:
    """Warm up, then ``ROUNDS`` rounds; in odd rounds the baseline goes first."""
    for scenario in all_scenarios:
        warm_up = max(CONCURRENCY, int(scenario.requests * WARM_UP_SHARE))
        await requests_per_second(scenario.graphql, warm_up, CONCURRENCY)
        await requests_per_second(scenario.baseline, warm_up, CONCURRENCY)
    await requests_per_second(constant, 500, CONCURRENCY)
    rates = {scenario.name: Rates([], [], []) for scenario in all_scenarios}
    floor = []
    for round_number in range(ROUNDS):
        for scenario in all_scenarios:
            await measure_round(scenario, rates[scenario.name], baseline_first=round_number % 2 == 1)
        floor.append(await requests_per_second(constant, 1_000, CONCURRENCY))
    return rates, floor


async def measure_round(scenario: Scenario, rates: Rates, *, baseline_first: bool) -> None:
    async def graphql() -> None:
        before = DB.statement_count
        rates.graphql.append(await requests_per_second(scenario.graphql, scenario.requests, CONCURRENCY))
        rates.graphql_statements.append((DB.statement_count - before) / scenario.requests)

    async def baseline() -> None:
        rates.baseline.append(await requests_per_second(scenario.baseline, scenario.requests, CONCURRENCY))

    for step in (baseline, graphql) if baseline_first else (graphql, baseline):
        await step()


# --- the run -------------------------------------------------------------------------------------


async def run() -> dict[str, Any]:
    started = time.perf_counter()
    async with embedded_platform(db_pool_size=POOL_SIZE) as platform:
        memberships = await seed_unit(platform.settings)
        await analyze(platform.owner_url)
        setup_seconds = time.perf_counter() - started
        figures = await run_against(platform)
    figures["setup_seconds"] = round(setup_seconds, 1)
    figures["seeded"] = {"people": PEOPLE, "departments": len(DEPARTMENTS), "memberships": memberships}
    return figures


async def run_against(platform: EmbeddedPlatform) -> dict[str, Any]:
    settings = platform.settings
    pool = await asyncpg.create_pool(**asyncpg_config(app_database_url(settings)), min_size=1, max_size=POOL_SIZE)
    baseline = Baseline(pool, settings)
    try:
        async with (
            in_process_client(create_app(settings, platform.services), "http://fabu.bench") as graphql_client,
            in_process_client(baseline_app(baseline), "http://baseline.bench") as baseline_client,
        ):
            token = await log_in(graphql_client)
            all_scenarios = scenarios(graphql_client, baseline_client, token)
            sizes = {scenario.name: await compare_answers(scenario) for scenario in all_scenarios}
            statements = await count_statements(all_scenarios, baseline)
            constant = sender(baseline_client, "/constant", {}, token)
            measured = time.perf_counter()
            rates, floor = await measure_throughput(all_scenarios, constant)
            measure_seconds = time.perf_counter() - measured
    finally:
        await pool.close()
    return summarize(rates, floor, statements, sizes, measure_seconds)


def summarize(
    rates: dict[str, Rates],
    floor: list[float],
    statements: dict[str, dict[str, int]],
    sizes: dict[str, dict[str, int]],
    measure_seconds: float,
) -> dict[str, Any]:
    figures: dict[str, Any] = {"concurrency": CONCURRENCY, "rounds": ROUNDS, "measure_seconds": round(measure_seconds, 1)}
    for name, rate in rates.items():
        ratios = rate.ratios()
        figures[f"ratio_{name}"] = round(median(ratios), 3)
        figures[name] = {
            "graphql_rps": round(median(rate.graphql), 1),
            "baseline_rps": round(median(rate.baseline), 1),
            "ratio_min": round(min(ratios), 3),
            "ratio_max": round(max(ratios), 3),
            "graphql_statements_per_request": statements[name]["graphql"],
            "graphql_statements_per_request_under_load": round(median(rate.graphql_statements), 3),
            "baseline_statements_per_request": statements[name]["baseline"],
            "graphql_response_bytes": sizes[name]["graphql"],
            "baseline_response_bytes": sizes[name]["baseline"],
        }
    for first in PAGE_REQUESTS:
        figures[f"statements_graphql_people_{first}"] = statements[f"people_{first}"]["graphql"]
        figures[f"statements_baseline_people_{first}"] = statements[f"people_{first}"]["baseline"]
    smallest, largest = (f"people_{first}" for first in (min(PAGE_REQUESTS), max(PAGE_REQUESTS)))
    figures["statements_growth_smallest_to_largest_page"] = (
        statements[largest]["graphql"] - statements[smallest]["graphql"]
    )
    figures["constant_endpoint_rps"] = round(median(floor), 1)
    return figures


def report(figures: dict[str, Any]) -> None:
    seeded = figures["seeded"]
    print(
        f"GraphQL API vs bare Litestar + asyncpg ({seeded['people']:,} people, {seeded['memberships']:,} memberships; "
        f"{CONCURRENCY} concurrent, median of {ROUNDS} rounds; pairs are GraphQL / baseline)"
    )
    print(f"  {'query':<12} {'req/s':>16} {'ratio':>6} {'range':>10} {'SQL/request':>12} {'kB/response':>14}")
    for name in ("viewer", *(f"people_{first}" for first in PAGE_REQUESTS)):
        row = figures[name]
        rates = f"{row['graphql_rps']:.1f} / {row['baseline_rps']:.1f}"
        spread = f"{row['ratio_min']:.2f}-{row['ratio_max']:.2f}"
        sql = f"{row['graphql_statements_per_request']} / {row['baseline_statements_per_request']}"
        size = f"{row['graphql_response_bytes'] / 1000:.1f} / {row['baseline_response_bytes'] / 1000:.1f}"
        print(f"  {name:<12} {rates:>16} {figures['ratio_' + name]:>6.3f} {spread:>10} {sql:>12} {size:>14}")
        if row["graphql_statements_per_request_under_load"] != row["graphql_statements_per_request"]:
            print(f"    ! under load {row['graphql_statements_per_request_under_load']} statements per request")
    growth = figures["statements_growth_smallest_to_largest_page"]
    verdict = "the same count, no N+1" if growth == 0 else f"N+1 SUSPECTED, {growth:+d} statements"
    print(f"  SQL statements per GraphQL request, page {min(PAGE_REQUESTS)} -> {max(PAGE_REQUESTS)}: {verdict}")
    print(f"  constant endpoint, no database (the HTTP floor): {figures['constant_endpoint_rps']:.1f} req/s")
    print(f"  setup {figures['setup_seconds']} s, measuring {figures['measure_seconds']} s")


def main() -> dict[str, Any]:
    """Run the benchmark, print a short report, return the figures."""
    return run_and_report(run, report)


if __name__ == "__main__":
    main()
