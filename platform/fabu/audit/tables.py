"""The audit log: one append-only, hash-chained sequence of entries per tenant."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class AuditEntry(Table, tablename="audit_entries", db=DB):
    """Who did what to which object, when, chained to the previous entry by its hash."""

    tenant_id = UUID()
    seq = BigInt()
    occurred_at = Timestamptz()
    actor_id = UUID(null=True)
    actor_label = Text()
    action = Varchar(length=100)
    object_type = Varchar(length=64)
    object_id = Text()
    input_digest = Varchar(length=128)
    algorithm = Varchar(length=16)
    prev_hash = Varchar(length=128)
    entry_hash = Varchar(length=128)
