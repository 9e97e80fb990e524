"""The platform's own audit trail (平台审计): platform administrators' logins, refused attempts and actions.

A hash chain like each unit's (:mod:`fabu.audit.chain`), in ``platform_audit_entries``, with
``"platform"`` hashed where a unit's chain has its id. Row-level security shows and accepts its
rows only in a transaction with no unit set, so no unit's request can read or write it; the app
may append and read, never change or remove (grants and an append-only trigger).
"""

from __future__ import annotations

from typing import Any, Final

from fabu.audit.chain import Actor, ChainReport, next_entry, verify_chain
from fabu.audit.hashing import DEFAULT_ALGORITHM
from fabu.db.engine import DB

CHAIN_KEY: Final = "platform"
"""Hashed in each entry where a unit's chain hashes the unit's id."""


async def record_platform(
    actor: Actor, action: str, object_type: str, object_id: str, payload: Any = None, *, algorithm: str = DEFAULT_ALGORITHM
) -> int:
    """Append an entry in the current transaction (it must have no unit set); returns its sequence number."""
    await DB.fetch("select pg_advisory_xact_lock(hashtextextended('audit:' || $1::text, 0))", CHAIN_KEY)
    last = await DB.fetchrow("select seq, entry_hash from platform_audit_entries order by seq desc limit 1")
    entry = next_entry(CHAIN_KEY, last, actor, action, object_type, object_id, payload, algorithm)
    del entry["tenant_id"]
    await DB.fetch(
        """insert into platform_audit_entries (seq, occurred_at, actor_id, actor_label, action,
               object_type, object_id, input_digest, algorithm, prev_hash, entry_hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
        *entry.values(),
    )
    return int(entry["seq"])


async def verify_platform(batch_size: int = 5000) -> ChainReport:
    """Recompute the platform's chain (in a transaction with no unit set) and find the first broken link."""

    async def batch(seq: int, size: int) -> list[dict[str, Any]]:
        return await DB.fetch(
            "select *, $3::text as tenant_id from platform_audit_entries where seq >= $1 order by seq limit $2",
            seq, size, CHAIN_KEY,
        )  # fmt: skip

    return await verify_chain(None, batch, batch_size)
