"""Platform administrators for tests: created as the owner (the app role cannot), logged in through GraphQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from fabu.identity.passwords import hash_password
from fabu.settings import Settings
from factories import PASSWORD, GraphQLClient

PLATFORM_LOGIN = (
    "mutation($input: PlatformLoginInput!) { platformLogin(input: $input) "
    "{ tokens { accessToken expiresIn tokenType } errors { field code message } } }"
)


@dataclass(frozen=True)
class Admin:
    username: str
    token: str


async def create_admin(owner: asyncpg.Connection, settings: Settings, username: str | None = None) -> str:
    """Insert a platform administrator as the owner; returns the username (password: the test password)."""
    username = username or f"pa-{uuid.uuid4().hex[:10]}"
    hashed = await hash_password(PASSWORD, time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    await owner.execute("insert into platform_admins (username, password_hash) values ($1, $2)", username, hashed)
    return username


async def platform_login(gql: GraphQLClient, username: str, password: str = PASSWORD) -> dict[str, object]:
    data = await gql.data(PLATFORM_LOGIN, {"input": {"username": username, "password": password}})
    payload: dict[str, object] = data["platformLogin"]
    return payload


async def admin_token(gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings) -> str:
    """A fresh administrator's platform token."""
    payload = await platform_login(gql, await create_admin(owner, settings))
    assert payload["errors"] == [], payload
    tokens = payload["tokens"]
    assert isinstance(tokens, dict)
    token: str = tokens["accessToken"]
    return token
