"""A channel's variant of a release (its own fields) reaches that channel's server, on publish and on update.

The portal (writing to a local directory) takes ``document_number`` and ``correction_note``; Weibo
(its plugin's fake server) takes ``weibo_text``. Each channel gets its own fields only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.services import Services
from fabu_weibo.testing.fake import FakeWeibo
from publishing.publishing_support import (
    approve_again,
    drain,
    edit_release,
    install_portal_and_weibo,
    ready_release,
    uuid_of,
)
from workflow.workflow_support import Desk

FIRST_NUMBER = "示政发〔2026〕7号"
SECOND_NUMBER = "示政发〔2026〕8号"
FIRST_TEXT = "营商环境评价工作即将启动，欢迎企业群众参与。"
SECOND_TEXT = "营商环境评价工作启动时间更正为下月，欢迎参与。"


@pytest.fixture
def weibo() -> Iterator[FakeWeibo]:
    with FakeWeibo(clock=lambda: datetime.now(UTC)) as server:
        yield server


def variants(number: str, text: str, **portal: str) -> list[dict[str, Any]]:
    return [
        {"channel": "portal", "fields": {"document_number": number, **portal}},
        {"channel": "weibo", "fields": {"weibo_text": text}},
    ]


async def test_each_channel_gets_its_own_variant_on_publish_and_on_update(
    desk: Desk, services: Services, weibo: FakeWeibo, tmp_path: Path
) -> None:
    tenant = desk.wu.unit.id
    await install_portal_and_weibo(desk, services, tmp_path, weibo)
    release = await ready_release(desk, ("portal", "weibo"), variants=variants(FIRST_NUMBER, FIRST_TEXT))
    release_id = uuid_of(release["id"])

    assert await drain(services, tenant) == ["delivered", "delivered"]

    page = tmp_path / str(tenant) / "articles" / f"{release_id}.html"
    assert FIRST_NUMBER in page.read_text(encoding="utf-8")
    [post] = weibo.state.statuses.values()
    assert FIRST_TEXT in post["_raw_text"]
    assert FIRST_NUMBER not in post["_raw_text"]  # the portal's fields stay the portal's

    await edit_release(
        desk, release["id"], variants=variants(SECOND_NUMBER, SECOND_TEXT, correction_note="文号有误，已更正")
    )
    await approve_again(desk, release["id"])
    assert await drain(services, tenant) == ["delivered"]  # the portal's update; Weibo cannot update

    corrected = page.read_text(encoding="utf-8")
    assert SECOND_NUMBER in corrected
    assert FIRST_NUMBER not in corrected
    assert "文号有误，已更正" in corrected
    [post] = weibo.state.statuses.values()  # Weibo keeps its post: a person is told to correct it
    assert FIRST_TEXT in post["_raw_text"]
    async with tenant_transaction(tenant):
        entries = await DB.fetch(
            "select channel, action, state, version_number, external_ids from publication_ledger "
            "where release_id = $1 order by recorded_at",
            release_id,
        )
    assert [(e["channel"], e["action"], e["state"], e["version_number"]) for e in entries] == [
        ("portal", "publish", "published", 1),
        ("weibo", "publish", "published", 1),
        ("weibo", "update", "manual", 2),  # the notice, entered when version 2 became READY
        ("portal", "update", "published", 2),
    ]
    assert json.loads(entries[2]["external_ids"])["id"] == post["idstr"]
