"""Idempotent mutations: a retried request with the same client mutation id does not act twice.

The receipt is written in the mutation's own transaction, so it exists exactly when the action
committed; a retry finds it and gets the recorded result instead of acting again.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError


async def recorded(account_id: UUID, client_mutation_id: str | None, mutation: str) -> dict[str, Any] | None:
    """The recorded result of an earlier request with this id, if any."""
    if not client_mutation_id:
        return None
    # Two copies of one request arriving together: the second waits here until the first commits.
    await DB.fetch(
        "select pg_advisory_xact_lock(hashtextextended('receipt:' || $1::text || ':' || $2, 0))", str(account_id), client_mutation_id
    )
    row = await DB.fetchrow(
        "select mutation, response from mutation_receipts where account_id = $1 and client_mutation_id = $2",
        account_id,
        client_mutation_id,
    )
    if row is None:
        return None
    if row["mutation"] != mutation:
        raise FabuError(
            CommonErrorCode.CONFLICT,
            "该 clientMutationId 已用于另一操作",
            "this clientMutationId was already used for another mutation",
            field="clientMutationId",
        )
    result: dict[str, Any] = json.loads(row["response"])
    return result


async def record(tenant_id: UUID, account_id: UUID, client_mutation_id: str | None, mutation: str, response: dict[str, Any]) -> None:
    if not client_mutation_id:
        return
    await DB.fetch(
        """insert into mutation_receipts (tenant_id, account_id, client_mutation_id, mutation, response)
           values ($1, $2, $3, $4, $5::jsonb)""",
        tenant_id,
        account_id,
        client_mutation_id,
        mutation,
        json.dumps(response),
    )
