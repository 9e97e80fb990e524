"""Two saves of one release at once: the second waits for the first and is told it read a stale version."""

from __future__ import annotations

import asyncio
import dataclasses
from uuid import UUID

import asyncpg
import pytest
from strawberry.relay import from_base64

from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.releases import current_fields, lock_release, save_new_version
from fabu.services import Services
from fabu.storage import TenantObjects
from factories import GraphQLClient, UnitFactory
from workflow.workflow_support import Desk, make_workflow_unit, waiting_for_a_lock


@pytest.fixture
async def desk(gql: GraphQLClient, units: UnitFactory) -> Desk:
    return Desk(gql, units, await make_workflow_unit(units))


async def test_a_save_that_waited_for_another_is_a_conflict_not_a_missing_release(
    desk: Desk, services: Services, owner: asyncpg.Connection
) -> None:
    release = await desk.create()
    release_id, tenant = UUID(from_base64(release["id"])[1]), desk.wu.unit.id
    objects, drafter = TenantObjects(services.store, tenant), desk.wu.unit.people["drafter"]
    first_holds = asyncio.Event()

    async def save(title: str, hold: bool) -> None:
        if not hold:
            await first_holds.wait()
        async with tenant_transaction(tenant):
            if hold:
                await lock_release(release_id)
                first_holds.set()
                await waiting_for_a_lock(owner)
            fields = dataclasses.replace(await current_fields(release_id), title=title)
            await save_new_version(release_id, drafter, fields, expected_lock_version=1, objects=objects)

    first = asyncio.create_task(save("关于开展2026年度营商环境评价工作的通知（修订）", hold=True))
    with pytest.raises(FabuError) as second:
        await save("关于开展2026年度营商环境评价工作的通知（二稿）", hold=False)
    await first

    assert (second.value.code, second.value.field) == ("CONFLICT", "expectedVersion")
