"""Session-wide real servers (embedded PostgreSQL and Redis unless the environment names running ones).

Isolation between tests comes from tenancy itself: every test makes its own units with
random codes, and row-level security keeps them apart, exactly as in production.

Environment variables (optional):
    FABU_TEST_POSTGRES_URL  owner URL of a running PostgreSQL server (a fresh database is created)
    FABU_TEST_REDIS_URL     URL of a running Redis server (database 0 is used; keys are namespaced)
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from httpx import ASGITransport, AsyncClient

from fabu.app import create_app
from fabu.db.engine import asyncpg_config
from fabu.db.migrate import migrate
from fabu.devstack import EmbeddedPostgres, EmbeddedRedis, ensure_database
from fabu.services import Services, start_services
from fabu.settings import Settings
from factories import GraphQLClient, UnitFactory


@pytest.fixture(scope="session")
def server_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(PostgreSQL server owner URL, Redis URL), started for this session when not given."""
    root: Path = tmp_path_factory.mktemp("servers")
    postgres_url = os.environ.get("FABU_TEST_POSTGRES_URL")
    redis_url = os.environ.get("FABU_TEST_REDIS_URL")
    postgres = EmbeddedPostgres(root / "postgres", delete_on_stop=True) if not postgres_url else None
    redis = EmbeddedRedis(root / "redis", persist=False) if not redis_url else None
    try:
        postgres_url = postgres_url or postgres.start()  # type: ignore[union-attr]
        redis_url = redis_url or redis.start()  # type: ignore[union-attr]
        yield postgres_url, redis_url
    finally:
        if redis is not None:
            redis.stop()
        if postgres is not None:
            postgres.stop()


@pytest.fixture(scope="session")
def settings(server_urls: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for a fresh, migrated database of this session."""
    server_url, redis_url = server_urls
    owner_url = asyncio.run(ensure_database(server_url, f"fabu_test_{uuid.uuid4().hex[:12]}"))
    settings = Settings(
        env="test",  # type: ignore[arg-type]
        data_dir=tmp_path_factory.mktemp("data"),
        database_url=owner_url,
        redis_url=redis_url,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        db_pool_size=4,
    )
    asyncio.run(migrate(owner_url, settings.app_db_role, settings.app_db_password.get_secret_value()))
    return settings


@pytest_asyncio.fixture(scope="session")
async def services(settings: Settings) -> AsyncIterator[Services]:
    services = await start_services(settings)
    yield services
    await services.close()


@pytest_asyncio.fixture(scope="session")
async def owner(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection as the owner, for catalog checks and for tampering in tamper tests."""
    assert settings.database_url is not None
    connection = await asyncpg.connect(**asyncpg_config(settings.database_url))
    yield connection
    await connection.close()


@pytest_asyncio.fixture(scope="session")
async def client(settings: Settings, services: Services) -> AsyncIterator[AsyncClient]:
    """An HTTP client calling the app in this event loop, over real ASGI."""
    transport = ASGITransport(app=create_app(settings, services))
    async with AsyncClient(transport=transport, base_url="http://fabu.test") as http:
        yield http


@pytest.fixture
def gql(client: AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


@pytest.fixture
def units(settings: Settings, gql: GraphQLClient) -> UnitFactory:
    return UnitFactory(settings, gql)
