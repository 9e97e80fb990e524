"""Channels that link to the portal's page wait until the portal has the release."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing import install_channel
from fabu.publishing.plugins import key_ring
from fabu.publishing.snapshot import build_snapshot
from fabu.services import Services
from fabu.storage import TenantObjects
from fabu_loopback import LoopbackServer
from publishing.publishing_support import (
    approve_again,
    deliver_all,
    edit_release,
    install_loopback,
    later,
    notifications,
    outbox_rows,
    ready_release,
    ready_release_with_attachment,
    relay,
    uuid_of,
)
from releases.releases_support import png_bytes
from workflow.workflow_support import Desk


async def test_the_portal_goes_first_and_the_others_link_to_its_page(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    async with tenant_transaction(tenant):
        await install_channel(tenant, key_ring(services.settings), "portal", {"site_name": "测试单位门户网站"})
    release_id = uuid_of((await ready_release(desk, channels=("loopback", "portal")))["id"])
    portal, other = await outbox_rows(tenant, release_id)
    assert [(portal["channel"], portal["order_rank"]), (other["channel"], other["order_rank"])] == [("portal", 0), ("loopback", 1)]

    assert await relay(tenant) == [portal["id"]]
    assert await relay(tenant, later(1)) == []  # the loopback row waits for the portal

    # Stand in for the portal's delivery: its ledger entry carries the page's URL.
    url = "https://www.example.gov.cn/art/2026/1.html"
    async with tenant_transaction(tenant):
        await DB.fetch("update publication_outbox set status = 'delivered' where id = $1", portal["id"])
        await DB.fetch(
            """insert into publication_ledger (tenant_id, release_id, version_number, channel, state, title, content_sha256, url)
               values ($1, $2, 1, 'portal', 'published', 't', $3, $4)""",
            tenant, release_id, portal["content_sha256"], url,
        )
        snapshot = await build_snapshot(tenant, release_id, 1)

    assert snapshot.links == {"portal": url}
    assert await relay(tenant, later(1) + timedelta(seconds=1)) == [other["id"]]
    assert await deliver_all(services, tenant, [other["id"]]) == ["delivered"]


async def test_a_correction_updates_the_portal_first_and_the_others_link_to_its_page(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    async with tenant_transaction(tenant):
        await install_channel(tenant, key_ring(services.settings), "portal", {"site_name": "测试单位门户网站"})
    release = await ready_release(desk, channels=("loopback", "portal"))
    release_id = uuid_of(release["id"])
    portal, _ = await outbox_rows(tenant, release_id)
    await _stand_in_for_the_portal(tenant, release_id, portal, "https://www.example.gov.cn/art/2026/1.html")
    assert await deliver_all(services, tenant, await relay(tenant, later(1))) == ["delivered"]

    await edit_release(desk, release["id"], title="关于开展2026年度营商环境评价工作的通知（更正）")
    await approve_again(desk, release["id"])

    rows = [row for row in await outbox_rows(tenant, release_id) if row["version_number"] == 2]
    assert [(row["channel"], row["action"], row["order_rank"]) for row in rows] == [("portal", "update", 0), ("loopback", "update", 1)]
    assert await relay(tenant, later(2)) == [rows[0]["id"]]
    assert await relay(tenant, later(3)) == []  # the loopback update waits for the portal's
    await _stand_in_for_the_portal(tenant, release_id, rows[0], "https://www.example.gov.cn/art/2026/1.html")
    assert await relay(tenant, later(4)) == [rows[1]["id"]]
    assert await deliver_all(services, tenant, [rows[1]["id"]]) == ["delivered"]
    assert loopback.post_count(release_id) == 1


async def _stand_in_for_the_portal(tenant: UUID, release_id: UUID, row: dict[str, Any], url: str) -> None:
    """The portal's delivery of ``row``, by hand: the row delivered, and a ledger entry carrying the page's URL."""
    async with tenant_transaction(tenant):
        await DB.fetch("update publication_outbox set status = 'delivered' where id = $1", row["id"])
        await DB.fetch(
            """insert into publication_ledger (tenant_id, release_id, version_number, channel, state, title, content_sha256,
                   url, external_ids, action)
               values ($1, $2, $3, 'portal', 'published', 't', $4, $5, '{"article_id": "1"}', $6)""",
            tenant, release_id, row["version_number"], row["content_sha256"], url, row["action"],
        )  # fmt: skip


async def test_when_the_portal_cannot_publish_the_channels_linking_to_it_fail_with_the_reason_instead_of_waiting_forever(
    desk: Desk, loopback: LoopbackServer, services: Services, tmp_path: Path
) -> None:
    tenant = desk.wu.unit.id
    await install_loopback(desk, loopback)
    async with tenant_transaction(tenant):
        await install_channel(tenant, key_ring(services.settings), "portal", {"site_name": "门户", "directory": str(tmp_path)})
    release = await ready_release_with_attachment(desk, ("loopback", "portal"), png_bytes())
    release_id = uuid_of(release["id"])
    portal, other = await outbox_rows(tenant, release_id)
    # The approved attachment is gone from the store: the portal refuses the release for good.
    await TenantObjects(services.store, tenant).delete(TenantObjects.content_key(hashlib.sha256(png_bytes()).hexdigest()))

    assert await deliver_all(services, tenant, await relay(tenant)) == ["failed"]

    assert await relay(tenant, later(60)) == []
    [portal, other] = await outbox_rows(tenant, release_id)
    assert portal["status"] == "failed"
    assert other["status"] == "failed"
    assert "门户网站未能确认发布此版本" in other["last_error"]
    assert "attachment" in other["last_error"]  # the portal's own reason
    assert loopback.post_count(release_id) == 0
    told = await notifications(tenant, desk.wu.unit.people["publisher"], "publication_failed")
    assert len(told) == 2  # the portal's failure, and the channel that waited for it
    assert "回环测试渠道" in told[1]["message_zh"]
