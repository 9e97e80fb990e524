"""Units are created through one narrow security-definer function, only from a transaction with no unit set."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from fabu.db.engine import DB
from fabu.db.session import platform_transaction, tenant_transaction
from factories import UnitFactory


async def test_the_function_creates_a_unit_from_a_transaction_with_no_unit(units: UnitFactory) -> None:
    code = f"f-{uuid.uuid4().hex[:10]}"
    async with platform_transaction():
        row = await DB.fetchrow("select platform_create_tenant($1, $2, $3) as id", code, "函数创建的单位", "")
        found = await DB.fetchrow("select tenant_id_by_code($1) as id", code)
    assert row is not None
    assert found == {"id": row["id"]}


async def test_a_transaction_scoped_to_a_unit_cannot_create_another(units: UnitFactory) -> None:
    unit = await units.create()
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="no unit set"):
        async with tenant_transaction(unit.id):
            await DB.fetch("select platform_create_tenant($1, $2, $3)", f"f-{uuid.uuid4().hex[:10]}", "不应创建", "")


async def test_the_app_cannot_insert_a_unit_row_even_scoped_to_its_id() -> None:
    tenant_id = uuid.uuid4()
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with tenant_transaction(tenant_id):
            await DB.fetch("insert into tenants (id, code, name) values ($1, $2, $3)", tenant_id, f"f-{uuid.uuid4().hex[:10]}", "不应创建")


async def test_only_the_app_group_may_call_it_and_it_runs_as_its_owner(owner: asyncpg.Connection) -> None:
    row = await owner.fetchrow(
        """select p.prosecdef, has_function_privilege('public', p.oid, 'EXECUTE') as public_may,
                  has_function_privilege('fabu_app_rw', p.oid, 'EXECUTE') as app_may
           from pg_proc p where p.proname = 'platform_create_tenant'"""
    )
    assert row is not None
    assert row["prosecdef"] is True
    assert row["public_may"] is False
    assert row["app_may"] is True
