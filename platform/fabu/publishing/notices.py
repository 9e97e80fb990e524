"""Telling the unit's publishers (发布人员 of the office), and for a paused channel its admins, what needs a person."""

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


async def admins() -> list[UUID]:
    """People holding the tenant-admin role anywhere in the unit: they renew a channel's credentials."""
    rows = await DB.fetch("select distinct person_id from memberships where role = $1", Role.TENANT_ADMIN.value)
    return [row["person_id"] for row in rows]


def channel_names(channel: str) -> tuple[str, str]:
    """The channel's name in Chinese and English, or its machine name when the plugin is not loaded."""
    try:
        found = registry().get(channel)
    except UnknownChannelError:
        return channel, channel
    return found.display_name.zh, found.display_name.en


async def release_title(release_id: UUID) -> str:
    row = await DB.fetchrow("select title from releases where id = $1", release_id)
    return row["title"] if row else ""


_PHRASES = {
    "publish": ("发布到{channel}", "published"),
    "update": ("在{channel}上更正", "updated"),
    "retract": ("从{channel}撤回", "retracted"),
}


async def tell_publishers(
    tenant_id: UUID, outbox: Mapping[str, Any], status: str, message: str, release_title_: str | None
) -> None:
    """A notification about the row's failure (``failed``) or a delivery a person must check (``flagged``)."""
    name_zh, name_en = channel_names(outbox["channel"])
    title = release_title_ if release_title_ is not None else await release_title(outbox["release_id"])
    doing_zh, done_en = _PHRASES.get(outbox.get("action") or "publish", _PHRASES["publish"])
    doing_zh = doing_zh.format(channel=name_zh)
    if status == "flagged":
        zh = f"《{title}》{doing_zh}的结果未知，请人工核实：{message}"
        en = f"“{title}” on {name_en}: the outcome is unknown, please check: {message}"
    else:
        zh = f"《{title}》{doing_zh}失败：{message}"
        en = f"“{title}” could not be {done_en} on {name_en}: {message}"
    await notify(tenant_id, await publishers(), outbox["release_id"], f"publication_{status}", zh, en)


async def tell_paused(tenant_id: UUID, channel: str, reason: str) -> None:
    """Admins and publishers learn that the channel stopped taking deliveries until its credentials are renewed."""
    name_zh, name_en = channel_names(channel)
    zh = f"{name_zh}拒绝了本单位的凭据，已暂停发布（待发稿件不会丢失）；请单位管理员更新渠道配置或重新启用：{reason}"
    en = (
        f"{name_en} refused the unit's credentials and is paused (waiting releases are kept); "
        f"a tenant admin must update the channel's config or re-enable it: {reason}"
    )
    await notify(tenant_id, [*await admins(), *await publishers()], None, "channel_paused", zh, en)


async def tell_to_act_by_hand(
    tenant_id: UUID, release_id: UUID, channel: str, action: str, note: str, title: str | None = None
) -> None:
    """The publishers must correct (``update``) or take down (``retract``) the release on the channel themselves."""
    name_zh, name_en = channel_names(channel)
    title = title if title is not None else await release_title(release_id)
    if action == "retract":
        zh = f"《{title}》需要从{name_zh}撤回，该渠道不支持自动撤回，请人工撤回：{note}"
        en = f"“{title}” must be taken down from {name_en}, which cannot do it automatically; please do it by hand: {note}"
    else:
        zh = f"《{title}》已批准更正版本，{name_zh}不支持自动更正，请人工更正：{note}"
        en = f"A corrected version of “{title}” was approved; {name_en} cannot update it automatically, please do it by hand: {note}"
    await notify(tenant_id, await publishers(), release_id, f"publication_manual_{action}", zh, en)
