"""Tenant-scoped transactions: the only way request code reaches tenant-owned rows.

The tenant is set with ``set_config(..., true)`` inside the transaction, so it disappears at
commit or rollback and a pooled connection never carries one tenant's setting to the next user.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from fabu.db.engine import DB, LockedTransaction

TENANT_SETTING = "fabu.tenant_id"


@asynccontextmanager
async def tenant_transaction(tenant_id: UUID | None) -> AsyncIterator[LockedTransaction]:
    """A transaction in which row-level security shows only ``tenant_id``'s rows (none if None)."""
    transaction = DB.transaction(allow_nested=False)
    async with transaction:
        await DB.fetch(
            "select set_config($1, $2, true)", TENANT_SETTING, "" if tenant_id is None else str(tenant_id)
        )
        yield transaction


@asynccontextmanager
async def platform_transaction() -> AsyncIterator[LockedTransaction]:
    """A transaction with no tenant: only platform tables and security-definer functions answer."""
    async with tenant_transaction(None) as transaction:
        yield transaction


@asynccontextmanager
async def autonomous_platform_transaction() -> AsyncIterator[LockedTransaction]:
    """A platform transaction on a connection of its own, committed whatever becomes of the caller's.

    For records that must outlive the request that made them (a login, a refused login): the
    request's transaction may still roll back, say because another field of the same operation
    failed. Its locks wait at most five seconds, so it cannot wait forever on a lock the caller's
    own transaction holds.
    """
    outer = DB.current_transaction.set(None)
    try:
        async with platform_transaction() as transaction:
            await DB.fetch("set local lock_timeout = '5s'")
            yield transaction
    finally:
        DB.current_transaction.reset(outer)


async def switch_tenant(tenant_id: UUID) -> None:
    """Change the tenant inside the current transaction (used when a tenant is being created)."""
    await DB.fetch("select set_config($1, $2, true)", TENANT_SETTING, str(tenant_id))


async def current_tenant_id() -> UUID | None:
    """The tenant the current transaction is scoped to."""
    row = await DB.fetchrow("select nullif(current_setting($1, true), '')::uuid as tenant_id", TENANT_SETTING)
    return row["tenant_id"] if row else None
