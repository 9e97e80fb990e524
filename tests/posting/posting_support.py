"""Helpers for posting tests: a unit's bulletin board installed, a release published to it through
the pipeline, proofs sent over GraphQL, and what the ledger, the store and the inboxes then hold."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing import install_channel
from fabu.publishing.calls import Channels
from fabu.publishing.plugins import key_ring
from fabu.services import Services
from fabu.storage import TenantObjects
from publishing.publishing_support import deliver_all, ready_release, relay, uuid_of
from workflow.workflow_support import Desk

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4  # enough of a JPEG for the checks
"""A photo as far as every check goes: the JPEG signature and some bytes."""

ATTACH = """mutation($input: AttachPostingProofInput!) { attachPostingProof(input: $input) {
  ledgerEntry { id channel state title versionNumber externalIds }
  proof { kind objectKey sha256 size contentType channelState channelMessage }
  replayed errors { field code message } } }"""
REMINDERS = """query($channel: String) { postingReminders(first: 10, channel: $channel) { nodes {
  id channel releaseId dueAt message messageZh settledBy resolvedAt } } }"""


def board_root(sites: Path, tenant_id: UUID) -> Path:
    """Where the unit's bulletin board files are."""
    return sites / "bulletin" / str(tenant_id) / "bulletin"


async def install_bulletin(desk: Desk, services: Services, sites: Path) -> None:
    tenant = desk.wu.unit.id
    config = {"unit_name": "测试单位办公室", "directory": str(sites / "bulletin"), "posting_days": 10}
    async with tenant_transaction(tenant):
        await install_channel(tenant, key_ring(services.settings), "bulletin", config)


async def publish(desk: Desk, services: Services, channels: tuple[str, ...]) -> dict[str, Any]:
    """A release approved to READY and delivered to ``channels``; the release as GraphQL returned it."""
    release = await ready_release(desk, channels)
    tenant = desk.wu.unit.id
    for _ in range(3):  # the portal's rank first, then the rest
        claimed = await relay(tenant)
        if not claimed:
            break
        assert set(await deliver_all(services, tenant, claimed)) == {"delivered"}
    return release


def proof_input(
    release: dict[str, Any], kind: str = "POSTED", data: bytes = JPEG, channel: str = "bulletin", **extra: Any
) -> dict[str, Any]:
    return {
        "input": {
            "releaseId": release["id"], "channel": channel, "kind": kind, "fileName": "张贴现场.jpg",
            "contentBase64": base64.b64encode(data).decode(), "contentType": "image/jpeg", **extra,
        }
    }  # fmt: skip


async def attach(desk: Desk, variables: dict[str, Any], username: str = "publisher") -> dict[str, Any]:
    data = await desk.gql.data(ATTACH, variables, token=await desk.token(username))
    payload: dict[str, Any] = data["attachPostingProof"]
    return payload


async def ledger(tenant_id: UUID, release: dict[str, Any]) -> list[dict[str, Any]]:
    async with tenant_transaction(tenant_id):
        return await DB.fetch(
            "select * from publication_ledger where release_id = $1 order by recorded_at", uuid_of(release["id"])
        )


def receipt(entry: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(entry["receipt"])
    return found


async def stored(services: Services, tenant_id: UUID, key: str) -> bytes | None:
    objects = TenantObjects(services.store, tenant_id)
    return None if await objects.stat(key) is None else await objects.get(key)


def channels_at(services: Services, days_later: int) -> Channels:
    """The delivery environment with the clock ``days_later`` days ahead, e.g. past a posting period."""
    moment = datetime.now(UTC) + timedelta(days=days_later)
    return Channels(store=services.store, clock=lambda: moment)
