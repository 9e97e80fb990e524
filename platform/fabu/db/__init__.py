"""Database access: the engine, tenant-scoped transactions, roles and migrations."""

from fabu.db.engine import DB, FabuEngine, configure_engine
from fabu.db.session import current_tenant_id, platform_transaction, tenant_transaction

__all__ = [
    "DB",
    "FabuEngine",
    "configure_engine",
    "current_tenant_id",
    "platform_transaction",
    "tenant_transaction",
]
