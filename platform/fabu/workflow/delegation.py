"""职务代理: a person names a deputy for a period; the deputy may decide in their place."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError, not_found


async def create_delegation(tenant_id: UUID, principal: UUID, deputy: UUID, starts_at: datetime, ends_at: datetime) -> UUID:
    if principal == deputy:
        raise FabuError(CommonErrorCode.INVALID, "不能委托给自己", "a person cannot deputise for themselves", field="deputyId")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise FabuError(CommonErrorCode.INVALID, "时间须带时区", "times must carry a time zone", field="startsAt")
    if ends_at <= starts_at:
        raise FabuError(CommonErrorCode.INVALID, "结束时间须晚于开始时间", "the end must be after the start", field="endsAt")
    if await DB.fetchrow("select 1 from people where id = $1 and active", deputy) is None:
        raise not_found("代理人", "deputy", field="deputyId")
    row = await DB.fetchrow(
        """insert into delegations (tenant_id, principal_person_id, deputy_person_id, starts_at, ends_at)
           values ($1, $2, $3, $4, $5) returning id""",
        tenant_id,
        principal,
        deputy,
        starts_at,
        ends_at,
    )
    assert row is not None
    return UUID(str(row["id"]))


async def principals_of(deputy: UUID) -> list[UUID]:
    """The people ``deputy`` may act for right now."""
    rows = await DB.fetch(
        """select principal_person_id from delegations
           where deputy_person_id = $1 and revoked_at is null and now() >= starts_at and now() < ends_at""",
        deputy,
    )
    return [row["principal_person_id"] for row in rows]
