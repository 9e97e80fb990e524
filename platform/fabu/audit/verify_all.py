"""`fabu audit verify`: verify every unit's chain as the owner, one tenant-scoped transaction each."""

from __future__ import annotations

from fabu.audit.chain import ChainReport, verify
from fabu.db.engine import DB, configure_engine
from fabu.db.session import tenant_transaction


async def verify_all(owner_url: str, tenant_code: str | None = None) -> list[tuple[str, ChainReport]]:
    configure_engine(owner_url)
    tenants = await DB.fetch(
        "select id, code from tenants where $1::text is null or code = $1 order by code", tenant_code
    )
    reports = []
    for tenant in tenants:
        async with tenant_transaction(tenant["id"]):
            reports.append((tenant["code"], await verify(tenant["id"])))
    return reports
