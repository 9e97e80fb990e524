"""`fabu audit verify`: verify every unit's chain as the owner, one tenant-scoped transaction each,
and the platform's own trail (in a transaction with no unit set) unless one unit was asked for."""

from __future__ import annotations

from typing import Final

from fabu.audit.chain import ChainReport, verify
from fabu.audit.platform_trail import verify_platform
from fabu.db.engine import DB, configure_engine
from fabu.db.session import platform_transaction, tenant_transaction

PLATFORM: Final = "(platform)"
"""How the report names the platform's trail; no unit code can be written with parentheses."""


async def verify_all(owner_url: str, tenant_code: str | None = None) -> list[tuple[str, ChainReport]]:
    configure_engine(owner_url)
    reports = []
    if tenant_code is None:
        async with platform_transaction():
            reports.append((PLATFORM, await verify_platform()))
    tenants = await DB.fetch(
        "select id, code from tenants where $1::text is null or code = $1 order by code", tenant_code
    )
    for tenant in tenants:
        async with tenant_transaction(tenant["id"]):
            reports.append((tenant["code"], await verify(tenant["id"])))
    return reports
