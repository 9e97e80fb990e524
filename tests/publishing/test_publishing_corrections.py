"""更正: a newer approved version of a published release updates the channels that have it, never posts a second copy."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from fabu.channels.api import Capability
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.services import Services
from fabu_loopback import LoopbackChannel, LoopbackServer
from publishing.publishing_support import (
    approve_again,
    attempts,
    crashed_attempt,
    deliver_all,
    edit_release,
    install_loopback,
    notifications,
    now,
    outbox_rows,
    published_release,
    ready_release,
    relay,
    uuid_of,
)
from workflow.workflow_support import Desk

CORRECTED = "关于开展2026年度营商环境评价工作的通知（更正）"



async def _ledger(tenant: UUID, release_id: UUID) -> list[tuple[int, str, str]]:
    async with tenant_transaction(tenant):
        rows = await DB.fetch(
            "select version_number, action, state from publication_ledger where release_id = $1 order by recorded_at", release_id
        )
    return [(row["version_number"], row["action"], row["state"]) for row in rows]


async def test_a_newer_approved_version_updates_the_post_in_place(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    release_id = uuid_of(release["id"])

    await edit_release(desk, release["id"], title=CORRECTED)
    await approve_again(desk, release["id"])

    rows = await outbox_rows(tenant, release_id)
    assert [(row["version_number"], row["action"], row["status"]) for row in rows] == [
        (1, "publish", "delivered"), (2, "update", "pending"),
    ]  # fmt: skip
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    [post] = loopback.posts_for(release_id)
    assert post["title"] == CORRECTED
    assert await _ledger(tenant, release_id) == [(1, "publish", "published"), (2, "update", "published")]


async def test_nothing_of_an_edited_version_goes_out_before_it_is_approved_again(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release = await ready_release(desk)
    release_id = uuid_of(release["id"])
    claimed = await relay(tenant)

    await edit_release(desk, release["id"], title=CORRECTED)  # back to review: version 1's approvals are void

    assert await deliver_all(services, tenant, claimed) == ["cancelled"]
    assert loopback.post_count(release_id) == 0
    await approve_again(desk, release["id"])
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    [post] = loopback.posts_for(release_id)
    assert post["title"] == CORRECTED
    assert await _ledger(tenant, release_id) == [(2, "publish", "published")]


async def test_waiting_rows_of_an_older_version_are_cancelled_when_a_newer_one_is_approved(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release = await ready_release(desk)
    release_id = uuid_of(release["id"])

    await edit_release(desk, release["id"], title=CORRECTED)
    await approve_again(desk, release["id"])

    rows = await outbox_rows(tenant, release_id)
    assert [(row["version_number"], row["action"], row["status"]) for row in rows] == [
        (1, "publish", "cancelled"), (2, "publish", "pending"),
    ]  # fmt: skip
    assert await deliver_all(services, tenant, await relay(tenant)) == ["delivered"]
    assert loopback.post_count(release_id) == 1


async def test_a_channel_that_cannot_update_gets_a_notice_and_the_publishers_are_told(
    desk: Desk, loopback: LoopbackServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LoopbackChannel, "capabilities", LoopbackChannel.capabilities & ~Capability.UPDATE)
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    release_id = uuid_of(release["id"])

    await edit_release(desk, release["id"], title=CORRECTED)
    await approve_again(desk, release["id"])

    assert [row["version_number"] for row in await outbox_rows(tenant, release_id)] == [1]
    assert await relay(tenant) == []
    assert await _ledger(tenant, release_id) == [(1, "publish", "published"), (2, "update", "manual")]
    [notice] = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_manual_update")
    assert "请人工更正" in notice["message_zh"]
    assert "回环测试渠道" in notice["message_zh"]
    [post] = loopback.posts_for(release_id)
    assert post["title"] != CORRECTED  # untouched, and no second post


async def test_an_update_of_unknown_outcome_is_settled_through_status_and_made_again(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    release = await published_release(desk, loopback, services)
    release_id = uuid_of(release["id"])
    await edit_release(desk, release["id"], title=CORRECTED)
    await approve_again(desk, release["id"])
    [update_id] = await relay(tenant)
    # A worker recorded its attempt and died; the post is still there, so updating it again is safe.
    async with tenant_transaction(tenant):
        await crashed_attempt(tenant, update_id, claimed=True)

    assert await deliver_all(services, tenant, await relay(tenant)) == ["pending"]
    assert await deliver_all(services, tenant, await relay(tenant, now() + timedelta(minutes=2))) == ["delivered"]

    assert [a["outcome"] for a in await attempts(tenant, update_id)] == ["still_up", "published"]
    [post] = loopback.posts_for(release_id)
    assert post["title"] == CORRECTED
    assert await _ledger(tenant, release_id) == [(1, "publish", "published"), (2, "update", "published")]
