"""Every mutation leaves a hash-chained audit entry; any tampering is found, with the first broken link."""

from __future__ import annotations

import asyncpg
from click.testing import CliRunner

from fabu.cli import main
from fabu.settings import Settings
from factories import GraphQLClient, Unit, UnitFactory

CREATE_PERSON = "mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } errors { code } } }"
CHAIN = "{ auditChain { entries intact firstBrokenSeq reason } }"


async def _unit_with_history(gql: GraphQLClient, units: UnitFactory) -> tuple[Unit, str]:
    unit = await units.create()
    admin = await units.token(unit, "admin")
    for name in ("甲", "乙", "丙"):
        await gql.data(CREATE_PERSON, {"input": {"name": name}}, token=admin)
    return unit, await units.token(unit, "auditor")


async def test_each_mutation_is_audited_with_who_what_and_an_input_digest(gql: GraphQLClient, units: UnitFactory) -> None:
    _unit, auditor = await _unit_with_history(gql, units)

    entries = (await gql.data("{ auditEntries(first: 100) { nodes { seq action actorLabel objectType inputDigest } } }", token=auditor))[
        "auditEntries"
    ]["nodes"]

    created = [e for e in entries if e["action"] == "tenancy.create_person"]
    assert len(created) == 3
    assert all(e["actorLabel"] == "admin-姓名 (admin)" and e["objectType"] == "Person" and len(e["inputDigest"]) == 64 for e in created)
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert (await gql.data(CHAIN, token=auditor))["auditChain"]["intact"] is True


async def test_an_altered_entry_is_detected_at_its_sequence_number(
    gql: GraphQLClient, units: UnitFactory, owner: asyncpg.Connection
) -> None:
    unit, auditor = await _unit_with_history(gql, units)
    target = await _tamper(owner, unit, "update audit_entries set actor_label = 'someone else' where tenant_id = $1 and seq = 3")

    report = (await gql.data(CHAIN, token=auditor))["auditChain"]

    assert report["intact"] is False
    assert report["firstBrokenSeq"] == target
    assert "改动" in report["reason"]


async def test_a_deleted_entry_breaks_the_chain_where_it_was(gql: GraphQLClient, units: UnitFactory, owner: asyncpg.Connection) -> None:
    unit, auditor = await _unit_with_history(gql, units)
    await _tamper(owner, unit, "delete from audit_entries where tenant_id = $1 and seq = 2")

    report = (await gql.data(CHAIN, token=auditor))["auditChain"]

    assert (report["intact"], report["firstBrokenSeq"]) == (False, 2)


async def test_the_app_role_cannot_rewrite_the_log(gql: GraphQLClient, units: UnitFactory, settings: Settings) -> None:
    from fabu.db.engine import DB
    from fabu.db.session import tenant_transaction

    unit, _ = await _unit_with_history(gql, units)
    for statement in ("update audit_entries set actor_label = 'x'", "delete from audit_entries"):
        try:
            async with tenant_transaction(unit.id):
                await DB.fetch(statement)
        except asyncpg.InsufficientPrivilegeError:
            continue
        raise AssertionError(f"app role was allowed: {statement}")


async def test_fabu_audit_verify_reports_the_broken_unit_and_exits_non_zero(
    gql: GraphQLClient, units: UnitFactory, owner: asyncpg.Connection, settings: Settings, monkeypatch: object
) -> None:
    intact, _ = await _unit_with_history(gql, units)
    broken, _ = await _unit_with_history(gql, units)
    await _tamper(owner, broken, "update audit_entries set object_id = 'forged' where tenant_id = $1 and seq = 4")
    env = {"FABU_DATABASE_URL": settings.database_url}

    ok = await _run_cli(["audit", "verify", "--tenant", intact.code], env)
    bad = await _run_cli(["audit", "verify", "--tenant", broken.code], env)

    assert ok.exit_code == 0, ok.output
    assert "完好 / intact" in ok.output
    assert bad.exit_code == 1
    assert "broken at entry 4" in bad.output


async def test_fabu_audit_verify_checks_the_platform_trail_before_the_units(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    from identity.platform_support import create_admin, platform_login

    assert (await platform_login(gql, await create_admin(owner, settings)))["errors"] == []  # one entry at least

    result = await _run_cli(["audit", "verify"], {"FABU_DATABASE_URL": settings.database_url})

    first = result.output.splitlines()[0]  # type: ignore[attr-defined]
    assert first.startswith("(platform): 完好 / intact ("), result.output  # type: ignore[attr-defined]


async def _run_cli(args: list[str], env: dict[str, str | None]) -> object:
    import asyncio

    from fabu.db.engine import DB

    # The CLI runs its own event loop and configures the shared engine as the owner; run it in
    # a thread and restore the app configuration afterwards.
    saved = dict(DB.config)
    pool, DB.pool = DB.pool, None
    try:
        return await asyncio.to_thread(CliRunner().invoke, main, args, env=env)
    finally:
        DB.config, DB.pool = saved, pool


async def _tamper(owner: asyncpg.Connection, unit: Unit, statement: str) -> int:
    """Rewrite history as only a database superuser could, bypassing the append-only trigger."""
    async with owner.transaction():
        await owner.execute("set local session_replication_role = replica")
        await owner.execute("select set_config('fabu.tenant_id', $1, true)", str(unit.id))
        await owner.execute(statement, unit.id)
    return int(statement.split("seq = ")[1]) if "seq = " in statement else 0
