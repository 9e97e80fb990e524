"""The platform's audit trail: administrators' logins, refused attempts and manifests applied, hash-chained,
out of every unit's reach, append-only for the app."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from fabu.audit.chain import verify_chain
from fabu.audit.platform_trail import CHAIN_KEY
from fabu.db.engine import DB
from fabu.db.session import platform_transaction, tenant_transaction
from fabu.settings import Settings
from factories import GraphQLClient, UnitFactory
from identity.platform_support import create_admin, platform_login
from onboarding.onboarding_support import COUNTY, as_yaml, example

ENTRIES = """query($objectId: String) { platformAuditEntries(first: 50, objectId: $objectId) {
    nodes { seq action actorLabel objectType objectId inputDigest entryHash } } }"""
CHAIN = "{ platformAuditChain { entries intact firstBrokenSeq reason } }"
APPLY = "mutation($input: ApplyManifestInput!) { applyManifest(input: $input) { unitCode changed errors { code } } }"


async def logged_in(gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings) -> tuple[str, str]:
    """A new administrator's username and platform token."""
    username = await create_admin(owner, settings)
    payload = await platform_login(gql, username)
    assert payload["errors"] == [], payload
    return username, payload["tokens"]["accessToken"]  # type: ignore[index]


async def entries_about(gql: GraphQLClient, token: str, object_id: str) -> list[dict[str, Any]]:
    data = await gql.data(ENTRIES, {"objectId": object_id}, token=token)
    nodes: list[dict[str, Any]] = data["platformAuditEntries"]["nodes"]
    return nodes


async def admin_id(owner: asyncpg.Connection, username: str) -> str:
    return str(await owner.fetchval("select id from platform_admins where username = $1", username))


async def test_a_login_and_a_refused_attempt_are_both_in_the_platform_trail(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username, token = await logged_in(gql, owner, settings)
    refused = await platform_login(gql, username, "wrong-password-123")
    unknown = await platform_login(gql, f"  No-Such-{username}  ", "wrong-password-123")

    [login] = await entries_about(gql, token, await admin_id(owner, username))
    [wrong] = await entries_about(gql, token, username)
    [nobody] = await entries_about(gql, token, f"no-such-{username}")

    assert refused["errors"][0]["code"] == unknown["errors"][0]["code"] == "INVALID_CREDENTIALS"  # type: ignore[index]
    assert (login["action"], login["objectType"]) == ("platform.login", "PlatformAdmin")
    assert username in login["actorLabel"]
    assert (wrong["action"], wrong["actorLabel"]) == ("platform.login_refused", "未登录 / not logged in")
    assert nobody["action"] == "platform.login_refused"
    assert login["seq"] < wrong["seq"] < nobody["seq"]
    assert len(wrong["inputDigest"]) == 64
    report = (await gql.data(CHAIN, token=token))["platformAuditChain"]
    assert (report["intact"], report["firstBrokenSeq"]) == (True, None)
    assert report["entries"] >= nobody["seq"]


async def test_applying_a_manifest_names_the_administrator_and_a_dry_run_leaves_no_entry(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMO_WECHAT_APP_SECRET", "wechat-secret-for-tests")
    username, token = await logged_in(gql, owner, settings)
    data = example(COUNTY)
    code = data["unit"]["code"]

    dry = await gql.data(APPLY, {"input": {"yaml": as_yaml(data), "dryRun": True}}, token=token)
    assert await entries_about(gql, token, code) == []
    applied = await gql.data(APPLY, {"input": {"yaml": as_yaml(data)}}, token=token)

    assert dry["applyManifest"]["errors"] == applied["applyManifest"]["errors"] == []
    [entry] = await entries_about(gql, token, code)
    assert (entry["action"], entry["objectType"]) == ("platform.manifest_applied", "Unit")
    assert username in entry["actorLabel"]


async def test_a_unit_can_neither_read_nor_write_the_platform_trail(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings, units: UnitFactory
) -> None:
    await logged_in(gql, owner, settings)  # the trail has at least this login
    unit = await units.create()
    admin = await units.token(unit, "admin")

    for query in (ENTRIES, CHAIN):
        refused = await gql(query, token=admin)
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with tenant_transaction(unit.id):
        assert await DB.fetch("select * from platform_audit_entries") == []
    with pytest.raises(asyncpg.InsufficientPrivilegeError):  # the row-level policy refuses rows written under a unit
        async with tenant_transaction(unit.id):
            await DB.fetch(
                """insert into platform_audit_entries (seq, occurred_at, actor_label, action, object_type, object_id,
                       input_digest, algorithm, prev_hash, entry_hash) values (1000000, now(), 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x')"""
            )


async def test_the_app_may_only_append_to_the_platform_trail(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    await logged_in(gql, owner, settings)
    privileges = await owner.fetch(
        """select privilege_type from information_schema.role_table_grants
           where table_name = 'platform_audit_entries' and grantee = 'fabu_app_rw'"""
    )
    assert sorted(row["privilege_type"] for row in privileges) == ["INSERT", "SELECT"]
    for statement in ("update platform_audit_entries set actor_label = 'x'", "delete from platform_audit_entries"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            async with platform_transaction():
                await DB.fetch(statement)


async def test_an_altered_platform_entry_is_found_at_its_sequence_number(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username, _ = await logged_in(gql, owner, settings)
    seq = await owner.fetchval("select max(seq) from platform_audit_entries where object_id = $1", await admin_id(owner, username))

    async def batch(from_seq: int, size: int) -> list[dict[str, Any]]:
        rows = await owner.fetch(
            "select *, $3::text as tenant_id from platform_audit_entries where seq >= $1 order by seq limit $2",
            from_seq, size, CHAIN_KEY,
        )  # fmt: skip
        return [dict(row) for row in rows]

    # As only a superuser could, and undone afterwards: the trail is shared by every test of the session.
    transaction = owner.transaction()
    await transaction.start()
    try:
        await owner.execute("set local session_replication_role = replica")
        await owner.execute("update platform_audit_entries set actor_label = 'someone else' where seq = $1", seq)
        report = await verify_chain(None, batch, 1000)
    finally:
        await transaction.rollback()

    assert (report.intact, report.first_broken_seq) == (False, seq)
    assert "改动" in (report.reason or "")
    assert (await verify_chain(None, batch, 1000)).intact


async def test_a_failing_field_beside_a_login_does_not_erase_its_record(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username, token = await logged_in(gql, owner, settings)
    both = """mutation($input: PlatformLoginInput!) {
        platformLogin(input: $input) { errors { code } }
        applyManifest(input: {yaml: "unit: {}"}) { errors { code } } }"""

    body = await gql(both, {"input": {"username": f" {username.upper()} ", "password": "wrong-password-123"}})

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # the request's transaction rolls back
    [refused] = await entries_about(gql, token, username)
    assert refused["action"] == "platform.login_refused"  # normalised: the same name as the lockout counts


async def test_spelling_a_name_differently_does_not_escape_the_lockout(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username = await create_admin(owner, settings)
    for spelling in (username, f" {username}", f"{username} ", username.upper(), f"\t{username}")[: settings.login_max_failures]:
        await platform_login(gql, spelling, "wrong-password-123")

    payload = await platform_login(gql, f"  {username}  ")

    assert payload["errors"][0]["code"] == "LOCKED_OUT"  # type: ignore[index]
