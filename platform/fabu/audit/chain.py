"""Appending to and verifying a tenant's hash-chained audit log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fabu.audit.hashing import DEFAULT_ALGORITHM, canonical_json, digest
from fabu.db.engine import DB

GENESIS = "0" * 64
"""The previous-hash of a chain's first entry."""


@dataclass(frozen=True)
class Actor:
    """Who acted: an account (with a readable label) or the system itself."""

    id: UUID | None
    label: str


SYSTEM = Actor(id=None, label="system")


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of an entry: its fields (without the hash itself) in canonical form."""
    body = {
        "tenant_id": str(entry["tenant_id"]),
        "seq": entry["seq"],
        "occurred_at": entry["occurred_at"].astimezone(UTC).isoformat(),
        "actor_id": str(entry["actor_id"]) if entry["actor_id"] else None,
        "actor_label": entry["actor_label"],
        "action": entry["action"],
        "object_type": entry["object_type"],
        "object_id": entry["object_id"],
        "input_digest": entry["input_digest"],
        "prev_hash": entry["prev_hash"],
    }
    return digest(entry["algorithm"], canonical_json(body))


def next_entry(
    chain_key: Any,
    last: dict[str, Any] | None,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    payload: Any,
    algorithm: str,
) -> dict[str, Any]:
    """The entry that follows ``last`` (None: the chain's first), hashed; ``chain_key`` is hashed as its ``tenant_id``."""
    entry: dict[str, Any] = {
        "tenant_id": chain_key,
        "seq": (last["seq"] + 1) if last else 1,
        # Microsecond precision survives the round trip through timestamptz.
        "occurred_at": datetime.now(UTC),
        "actor_id": actor.id,
        "actor_label": actor.label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "input_digest": digest(algorithm, canonical_json(payload)),
        "algorithm": algorithm,
        "prev_hash": last["entry_hash"] if last else GENESIS,
    }
    entry["entry_hash"] = entry_hash(entry)
    return entry


async def record(
    tenant_id: UUID,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    payload: Any = None,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
) -> int:
    """Append an entry in the current transaction; returns its sequence number.

    A transaction-scoped advisory lock per tenant serializes appends, so two concurrent
    transactions cannot both chain onto the same previous entry.
    """
    await DB.fetch("select pg_advisory_xact_lock(hashtextextended('audit:' || $1::text, 0))", str(tenant_id))
    last = await DB.fetchrow(
        "select seq, entry_hash from audit_entries where tenant_id = $1 order by seq desc limit 1", tenant_id
    )
    entry = next_entry(tenant_id, last, actor, action, object_type, object_id, payload, algorithm)
    await DB.fetch(
        """insert into audit_entries (tenant_id, seq, occurred_at, actor_id, actor_label, action,
               object_type, object_id, input_digest, algorithm, prev_hash, entry_hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""",
        *entry.values(),
    )
    return int(entry["seq"])


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verifying one chain: a unit's, or the platform's (``tenant_id`` None)."""

    tenant_id: UUID | None
    entries: int
    first_broken_seq: int | None
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


Batch = Callable[[int, int], Awaitable[list[dict[str, Any]]]]
"""Fetches up to ``size`` entries of one chain from sequence number ``seq`` on, in order: ``batch(seq, size)``."""


async def verify(tenant_id: UUID, batch_size: int = 5000) -> ChainReport:
    """Recompute the chain of ``tenant_id`` (visible in the current transaction) and find the first broken link."""

    async def batch(seq: int, size: int) -> list[dict[str, Any]]:
        return await DB.fetch(
            "select * from audit_entries where tenant_id = $1 and seq >= $2 order by seq limit $3", tenant_id, seq, size
        )

    return await verify_chain(tenant_id, batch, batch_size)


async def verify_chain(tenant_id: UUID | None, batch: Batch, batch_size: int) -> ChainReport:
    """Walk a chain batch by batch and report its first broken link, if any."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    while True:
        rows = await batch(expected_seq, batch_size)
        for row in rows:
            broken = _broken_reason(row, expected_seq, expected_prev)
            if broken:
                return ChainReport(tenant_id, checked, expected_seq, broken)
            expected_prev, expected_seq, checked = row["entry_hash"], expected_seq + 1, checked + 1
        if len(rows) < batch_size:
            return ChainReport(tenant_id, checked, None, None)


def _broken_reason(row: dict[str, Any], expected_seq: int, expected_prev: str) -> str | None:
    if row["seq"] != expected_seq:
        return f"缺少第 {expected_seq} 条 / entry {expected_seq} is missing"
    if row["prev_hash"] != expected_prev:
        return "与前一条的链接断开 / the link to the previous entry is broken"
    if entry_hash(row) != row["entry_hash"]:
        return "条目内容被改动 / the entry's content was altered"
    return None
