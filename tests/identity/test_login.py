"""Logging in, refreshing, logging out and API tokens, through GraphQL."""

from __future__ import annotations

from factories import GraphQLClient, UnitFactory

VIEWER = "query { viewer { username name roles viaApiToken person { name } } }"


async def test_login_gives_a_token_that_identifies_the_viewer(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")

    data = await gql.data(VIEWER, token=token)

    assert data["viewer"]["username"] == "drafter"
    assert data["viewer"]["roles"] == ["DRAFTER"]
    assert data["viewer"]["viaApiToken"] is False
