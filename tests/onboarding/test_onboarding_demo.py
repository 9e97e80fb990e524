"""`fabu dev --demo` seeds the demo unit from the city example; the README's logins keep working."""

from __future__ import annotations

from fabu.services import Services
from fabu.settings import Settings
from fabu.tenancy.demo import DEMO_CODE, DEMO_PASSWORD, PEOPLE, seed_demo_tenant
from factories import GraphQLClient


async def test_the_demo_unit_comes_from_the_city_example_and_every_documented_login_works(
    settings: Settings, services: Services, gql: GraphQLClient
) -> None:
    created = await seed_demo_tenant(settings)
    assert created is not None
    assert await seed_demo_tenant(settings) is None  # seeding again changes nothing
    for username, *_ in PEOPLE:
        payload = await gql.login(DEMO_CODE, username, DEMO_PASSWORD)
        assert payload["errors"] == [], (username, payload["errors"])
