"""Platform administrators: a platform table, their own login, and tokens that never pass for a unit's."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from typing import Any

import asyncpg

from fabu.graphql.context import Context
from fabu.graphql.schema import build_schema
from fabu.identity.credentials import parse_authorization
from fabu.identity.tokens import AccessClaims, PlatformClaims, issue_access_token, issue_platform_token
from fabu.services import Services
from fabu.settings import Settings
from factories import PASSWORD, GraphQLClient, UnitFactory
from identity.platform_support import admin_token, create_admin, platform_login

PLATFORM_ADMIN = "query { platformAdmin { username } }"
VIEWER = "query { viewer { username } }"


async def test_a_platform_admin_logs_in_and_is_recognised_by_platform_fields(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username = await create_admin(owner, settings)

    payload = await platform_login(gql, username)

    assert payload["errors"] == []
    token = payload["tokens"]["accessToken"]  # type: ignore[index]
    assert (await gql.data(PLATFORM_ADMIN, token=token))["platformAdmin"] == {"username": username}


async def test_a_wrong_platform_password_gets_one_message_for_every_cause(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username = await create_admin(owner, settings)

    wrong_password = await platform_login(gql, username, "wrong-password-123")
    unknown_admin = await platform_login(gql, "no-such-admin", "wrong-password-123")

    for payload in (wrong_password, unknown_admin):
        assert payload["tokens"] is None
        assert payload["errors"] == [
            {"field": "password", "code": "INVALID_CREDENTIALS", "message": "用户名或密码不正确 / username or password is incorrect"}
        ]


async def test_a_unit_account_cannot_log_in_as_a_platform_admin(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    payload = await platform_login(gql, "admin")
    assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"  # type: ignore[index]
    assert (await gql.login(unit.code, "admin"))["errors"] == []


async def test_a_platform_token_is_refused_by_unit_fields(gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings) -> None:
    token = await admin_token(gql, owner, settings)

    body = await gql(VIEWER, token=token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "平台管理员令牌不能用于单位的操作" in body["errors"][0]["message"]


async def test_a_unit_token_even_a_unit_admins_is_refused_by_platform_fields(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "admin")

    body = await gql(PLATFORM_ADMIN, token=token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["message"] == "需要平台管理员身份 / requires a platform administrator"


async def test_no_token_on_a_platform_field_asks_for_a_platform_login(gql: GraphQLClient) -> None:
    body = await gql(PLATFORM_ADMIN)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_with_unit_claims_and_the_platform_scope_is_invalid_both_ways(
    gql: GraphQLClient, settings: Settings, units: UnitFactory
) -> None:
    """Forged mixtures (signed with the real key) pass neither the unit's nor the platform's checks."""
    unit = await units.create()
    secret = settings.jwt_secret.get_secret_value()
    unit_claims_platform_audience = issue_access_token(
        AccessClaims(unit.id, uuid.uuid4(), uuid.uuid4()),
        secret=secret, issuer=settings.jwt_issuer, audience=f"{settings.jwt_audience}:platform", lifetime_seconds=60,
    )
    platform_token_unit_audience = issue_platform_token(
        PlatformClaims(uuid.uuid4()), secret=secret, issuer=settings.jwt_issuer, audience="x", lifetime_seconds=60
    )
    for forged in (unit_claims_platform_audience, platform_token_unit_audience):
        for query in (VIEWER, PLATFORM_ADMIN):
            body = await gql(query, token=forged)
            assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID", (query, body)


async def test_disabling_an_admin_stops_their_token_at_once(gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings) -> None:
    username = await create_admin(owner, settings)
    token = (await platform_login(gql, username))["tokens"]["accessToken"]  # type: ignore[index]

    await owner.execute("update platform_admins set disabled = true where username = $1", username)

    body = await gql(PLATFORM_ADMIN, token=token)
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_REVOKED"
    assert (await platform_login(gql, username))["errors"][0]["code"] == "INVALID_CREDENTIALS"  # type: ignore[index]


async def test_the_app_role_can_read_but_not_write_platform_admins(owner: asyncpg.Connection, settings: Settings) -> None:
    grants = await owner.fetch(
        """select privilege_type from information_schema.role_table_grants
           where table_name = 'platform_admins' and grantee = 'fabu_app_rw'"""
    )
    assert [row["privilege_type"] for row in grants] == ["SELECT"]


def _cli(settings: Settings, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    assert settings.database_url is not None
    environment = {**os.environ, "FABU_DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-c", "from fabu.cli import main; main()", "platform-admins", *arguments],
        input=stdin, capture_output=True, text=True, env=environment, check=False, timeout=120,
    )


async def test_the_cli_creates_an_admin_as_the_owner_who_can_then_log_in(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username = f"cli-{uuid.uuid4().hex[:8]}"

    created = _cli(settings, "create", username, "--password-stdin", stdin=PASSWORD + "\n")
    duplicate = _cli(settings, "create", username, "--password-stdin", stdin=PASSWORD + "\n")
    weak = _cli(settings, "create", f"{username}-2", "--password-stdin", stdin="short\n")

    assert created.returncode == 0, created.stderr
    assert f"platform admin created: {username}" in created.stdout
    assert (await platform_login(gql, username))["errors"] == []
    assert duplicate.returncode == 1
    assert f"username: 平台管理员 {username} 已存在 / platform admin {username} already exists" in duplicate.stderr
    assert weak.returncode == 1
    assert "password: 密码至少 10 个字符" in weak.stderr
    assert await _trail(owner, username) == ["platform.admin_created", "platform.login"]  # signed by the owner, then the admin


async def _trail(owner: asyncpg.Connection, username: str) -> list[str]:
    """The platform trail's actions about the administrator, oldest first."""
    admin_id = str(await owner.fetchval("select id from platform_admins where username = $1", username))
    rows = await owner.fetch("select action from platform_audit_entries where object_id = $1 order by seq", admin_id)
    return [row["action"] for row in rows]


async def test_the_cli_disables_and_re_enables_an_admin(gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings) -> None:
    username = await create_admin(owner, settings)

    assert _cli(settings, "disable", username).returncode == 0
    refused = await platform_login(gql, username)
    assert _cli(settings, "disable", username, "--enable").returncode == 0
    unknown = _cli(settings, "disable", "no-such-admin")

    assert refused["errors"][0]["code"] == "INVALID_CREDENTIALS"  # type: ignore[index]
    assert (await platform_login(gql, username))["errors"] == []
    assert unknown.returncode == 1
    assert "platform admin not found" in unknown.stderr
    assert await _trail(owner, username) == ["platform.admin_disabled", "platform.admin_enabled", "platform.login"]


async def test_a_platform_token_cannot_subscribe_to_an_inbox(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings, services: Services
) -> None:
    token = await admin_token(gql, owner, settings)
    context = Context(settings=settings, services=services, credentials=parse_authorization(f"Bearer {token}", settings))

    stream: Any = await build_schema(settings).subscribe("subscription { inboxChanged { openTasks } }", context_value=context)
    first = await asyncio.wait_for(stream.__anext__(), 10)
    await stream.aclose()

    assert first.data is None
    assert "平台管理员令牌不能用于单位的操作" in first.errors[0].message
