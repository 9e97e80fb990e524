"""Telling the unit's publishers (发布人员 of the office) that a delivery failed or needs a person."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from fabu.channels.registry import UnknownChannelError
from fabu.db.engine import DB
from fabu.publishing.plugins import registry
from fabu.tenancy.roles import Role
from fabu.workflow.notify import notify


async def publishers() -> list[UUID]:
    """People holding the publisher role in the unit's office."""
    rows = await DB.fetch(
        """select distinct m.person_id from memberships m join departments d on d.id = m.department_id
           where d.is_office and m.role = $1""",
        Role.PUBLISHER.value,
    )
    return [row["person_id"] for row in rows]


async def tell_publishers(
    tenant_id: UUID, outbox: Mapping[str, Any], status: str, message: str, release_title: str | None
) -> None:
    """A notification about the row's failure (``failed``) or a delivery a person must check (``flagged``)."""
    channel = outbox["channel"]
    try:
        name_zh = registry().get(channel).display_name.zh
        name_en = registry().get(channel).display_name.en
    except UnknownChannelError:
        name_zh = name_en = channel
    if release_title is None:
        row = await DB.fetchrow("select title from releases where id = $1", outbox["release_id"])
        release_title = row["title"] if row else ""
    if status == "flagged":
        zh = f"《{release_title}》发布到{name_zh}的结果未知，请人工核实：{message}"
        en = f"“{release_title}” on {name_en}: the outcome is unknown, please check: {message}"
    else:
        zh = f"《{release_title}》发布到{name_zh}失败：{message}"
        en = f"“{release_title}” could not be published on {name_en}: {message}"
    await notify(tenant_id, await publishers(), outbox["release_id"], f"publication_{status}", zh, en)
