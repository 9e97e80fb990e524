"""Tenant scoping at the database level, as the app role sees it."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from fabu.db.engine import DB, asyncpg_config
from fabu.db.session import tenant_transaction
from fabu.services import Services, app_database_url
from fabu.settings import Settings
from factories import UnitFactory


async def test_a_query_with_no_tenant_set_sees_no_rows(services: Services, units: UnitFactory) -> None:
    await units.create()
    for table in ("tenants", "departments", "people", "memberships", "accounts", "audit_entries"):
        assert await DB.fetch(f"select * from {table}") == [], table
    async with tenant_transaction(None):
        assert await DB.fetch("select * from people") == []


async def test_the_app_role_cannot_insert_rows_for_another_tenant(services: Services, units: UnitFactory) -> None:
    a, b = await units.create(), await units.create()
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with tenant_transaction(a.id):
            await DB.fetch("insert into people (tenant_id, name) values ($1, 'intruder')", b.id)


async def test_a_pool_of_one_connection_carries_nothing_from_tenant_a_to_tenant_b(settings: Settings, units: UnitFactory) -> None:
    a, b = await units.create(), await units.create()
    pool = await asyncpg.create_pool(**asyncpg_config(app_database_url(settings)), min_size=1, max_size=1)
    try:
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute("select set_config('fabu.tenant_id', $1, true)", str(a.id))
            assert len(await connection.fetch("select * from people")) == len(a.people)
        async with pool.acquire() as connection:
            # The same physical connection, outside any transaction: the setting is gone.
            assert await connection.fetchval("select current_setting('fabu.tenant_id', true)") in ("", None)
            assert await connection.fetch("select * from people") == []
            async with connection.transaction():
                await connection.execute("select set_config('fabu.tenant_id', $1, true)", str(b.id))
                names = {row["name"] for row in await connection.fetch("select name from people")}
        assert names == {f"{username}-姓名" for username in b.people}
    finally:
        await pool.close()


async def test_concurrent_statements_in_one_transaction_share_its_connection_safely(services: Services, units: UnitFactory) -> None:
    unit = await units.create()
    async with tenant_transaction(unit.id):
        results = await asyncio.gather(*(DB.fetch("select count(*) as n from people, pg_sleep(0.001)") for _ in range(25)))
    assert {row[0]["n"] for row in results} == {len(unit.people)}
