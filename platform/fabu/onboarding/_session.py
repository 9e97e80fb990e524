"""The transaction onboarding runs in: tenant-scoped, and under row-level security even for a superuser.

``fabu tenants`` connects as the owner (FABU_DATABASE_URL). Tenant tables force row-level security
on their owner, but a superuser (the embedded server's ``postgres``, often the owner in development)
or a BYPASSRLS role ignores every policy, and the workflow services this package calls rely on
those policies. For such a role the transaction drops to the app's privilege group with
``SET LOCAL ROLE``, so it sees and changes exactly one unit; a plain owner keeps its own role.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fabu.db.engine import DB
from fabu.db.session import TENANT_SETTING, current_tenant_id, platform_transaction
from fabu.db.sql import APP_GROUP
from fabu.errors import CommonErrorCode, FabuError, FabuErrors


@asynccontextmanager
async def onboarding_transaction() -> AsyncIterator[None]:
    async with platform_transaction():
        row = await DB.fetchrow("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
        if row is not None and row["rolsuper"]:
            await DB.fetch(f'set local role "{APP_GROUP}"')
        elif row is not None and row["rolbypassrls"]:
            raise FabuError(
                CommonErrorCode.INVALID,
                "数据库角色带有 BYPASSRLS，无法保证只改动一个单位；请改用属主角色",
                "the database role has BYPASSRLS, so changes could reach other units; use the owner role",
                field="FABU_DATABASE_URL",
            )
        yield


@asynccontextmanager
async def restoring_tenant() -> AsyncIterator[None]:
    """Put the transaction's tenant back as it was once the body is done with a unit.

    A platform administrator's GraphQL request applies or exports a unit inside its own
    transaction; whatever runs after must not stay scoped to that unit. A user error leaves the
    transaction usable, so it is restored then too; a database error aborts the transaction,
    and the caller's rollback undoes the switch.
    """
    previous = "" if (tenant := await current_tenant_id()) is None else str(tenant)
    try:
        yield
    except (FabuError, FabuErrors):
        await DB.fetch("select set_config($1, $2, true)", TENANT_SETTING, previous)
        raise
    await DB.fetch("select set_config($1, $2, true)", TENANT_SETTING, previous)
