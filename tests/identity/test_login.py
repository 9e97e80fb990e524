"""Logging in, refreshing, logging out and API tokens, through GraphQL."""

from __future__ import annotations

from fabu.settings import Settings
from factories import GraphQLClient, UnitFactory

VIEWER = "query { viewer { username name roles viaApiToken person { name } } }"


async def test_login_gives_a_token_that_identifies_the_viewer(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")

    data = await gql.data(VIEWER, token=token)

    assert data["viewer"]["username"] == "drafter"
    assert data["viewer"]["roles"] == ["DRAFTER"]
    assert data["viewer"]["viaApiToken"] is False




async def test_a_wrong_password_gets_one_message_that_does_not_say_which_part_was_wrong(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create()
    wrong_password = await gql.login(unit.code, "drafter", "wrong-password-123")
    unknown_user = await gql.login(unit.code, "nobody", "wrong-password-123")
    unknown_unit = await gql.login("no-such-unit", "drafter", "wrong-password-123")

    messages = {payload["errors"][0]["message"] for payload in (wrong_password, unknown_user, unknown_unit)}
    assert messages == {"单位代码、用户名或密码不正确 / unit code, username or password is incorrect"}
    assert wrong_password["tokens"] is None


async def test_repeated_failures_lock_the_login_even_for_the_right_password(
    gql: GraphQLClient, units: UnitFactory, settings: Settings
) -> None:
    unit = await units.create()
    for _ in range(settings.login_max_failures):
        await gql.login(unit.code, "drafter", "wrong-password-123")

    locked = await gql.login(unit.code, "drafter")

    assert locked["errors"][0]["code"] == "LOCKED_OUT"
    assert (await gql.login(unit.code, "reviewer"))["errors"] == []


async def test_refresh_rotates_the_token_and_a_reused_one_revokes_the_session(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    first = (await gql.login(unit.code, "drafter"))["tokens"]

    rotated = await gql.data(REFRESH, {"input": {"refreshToken": first["refreshToken"]}})
    reused = await gql.data(REFRESH, {"input": {"refreshToken": first["refreshToken"]}})
    after_reuse = await gql.data(REFRESH, {"input": {"refreshToken": rotated["refreshToken"]["tokens"]["refreshToken"]}})
    viewer_after = await gql(VIEWER, token=rotated["refreshToken"]["tokens"]["accessToken"])

    assert rotated["refreshToken"]["errors"] == []
    assert reused["refreshToken"]["errors"][0]["code"] == "TOKEN_REVOKED"
    assert after_reuse["refreshToken"]["errors"][0]["code"] == "TOKEN_INVALID"
    assert viewer_after["errors"][0]["extensions"]["code"] == "TOKEN_REVOKED"


async def test_logout_stops_the_access_token_at_once(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")

    logged_out = await gql.data("mutation { logout { ok errors { code } } }", token=token)
    body = await gql(VIEWER, token=token)

    assert logged_out["logout"] == {"ok": True, "errors": []}
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_REVOKED"


async def test_an_api_token_authenticates_until_revoked(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "publisher")
    created = (await gql.data(CREATE_API_TOKEN, {"input": {"name": "门户网站同步"}}, token=token))["createApiToken"]

    as_integration = await gql.data(VIEWER, token=created["token"])
    revoked = await gql.data(
        "mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { ok errors { code } } }",
        {"input": {"id": created["apiToken"]["id"]}},
        token=token,
    )
    after = await gql(VIEWER, token=created["token"])

    assert as_integration["viewer"] == {**as_integration["viewer"], "username": "publisher", "viaApiToken": True}
    assert revoked["revokeApiToken"]["ok"] is True
    assert after["errors"][0]["extensions"]["code"] == "TOKEN_REVOKED"


async def test_another_units_api_token_id_cannot_be_revoked(gql: GraphQLClient, units: UnitFactory) -> None:
    a, b = await units.create(), await units.create()
    a_token = await units.token(a, "publisher")
    b_token = await units.token(b, "publisher")
    created = (await gql.data(CREATE_API_TOKEN, {"input": {"name": "同步"}}, token=a_token))["createApiToken"]

    attempt = await gql.data(
        "mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { ok errors { code } } }",
        {"input": {"id": created["apiToken"]["id"]}},
        token=b_token,
    )

    assert attempt["revokeApiToken"] == {"ok": False, "errors": [{"code": "NOT_FOUND"}]}
    assert (await gql.data(VIEWER, token=created["token"]))["viewer"]["username"] == "publisher"


REFRESH = (
    "mutation($input: RefreshTokenInput!) { refreshToken(input: $input) "
    "{ tokens { accessToken refreshToken } errors { code message } } }"
)
CREATE_API_TOKEN = (
    "mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) "
    "{ apiToken { id name } token errors { field code } } }"
)
