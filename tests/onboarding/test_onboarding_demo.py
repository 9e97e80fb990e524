"""`fabu dev --demo` seeds the demo unit from the city example; the README's logins keep working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fabu.devrun import DEMO_PLATFORM_ADMIN, DEMO_PLATFORM_PASSWORD
from fabu.services import Services
from fabu.settings import Settings
from fabu.tenancy.demo import DEMO_CODE, DEMO_PASSWORD, PEOPLE, seed_demo_tenant
from factories import GraphQLClient
from identity.platform_support import platform_login


async def test_the_demo_unit_comes_from_the_city_example_and_every_documented_login_works(
    settings: Settings, services: Services, gql: GraphQLClient
) -> None:
    created = await seed_demo_tenant(settings)
    assert created is not None
    assert await seed_demo_tenant(settings) is None  # seeding again changes nothing
    for username, *_ in PEOPLE:
        payload = await gql.login(DEMO_CODE, username, DEMO_PASSWORD)
        assert payload["errors"] == [], (username, payload["errors"])


def _seed_platform_admin(settings: Settings) -> str:
    """Run the demo's platform-admin seeding as `fabu dev --demo` does: a process of its own, as the owner."""
    assert settings.database_url is not None
    script = (
        "import asyncio, sys\n"
        "from fabu.db.engine import configure_engine\n"
        "from fabu.devrun import seed_demo_platform_admin\n"
        "from fabu.settings import Settings\n"
        "configure_engine(sys.argv[1])\n"
        "print(asyncio.run(seed_demo_platform_admin(Settings(argon2_time_cost=1, argon2_memory_kib=8))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, settings.database_url], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


async def test_the_demo_platform_admin_is_created_once_and_logs_in_with_the_readme_password(
    settings: Settings, services: Services, gql: GraphQLClient
) -> None:
    first, again = _seed_platform_admin(settings), _seed_platform_admin(settings)

    payload = await platform_login(gql, DEMO_PLATFORM_ADMIN, DEMO_PLATFORM_PASSWORD)

    assert (first, again) == ("True", "False")
    assert payload["errors"] == []
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`{DEMO_PLATFORM_ADMIN}` with the\npassword `{DEMO_PLATFORM_PASSWORD}`" in readme
