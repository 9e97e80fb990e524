"""The daily upkeep: the bulletin re-renders its screens for the day and reminds of notices to post and
notices due to come down; the unit's publishers are told once, the reminder is listed until the photo
that settles it comes."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from arq.cron import CronJob

from fabu.channels.api import Bilingual, Reminder, UpkeepReport
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.plugins import key_ring, plugin
from fabu.publishing.posting import upkeep_tenant
from fabu.publishing.posting.jobs import CRON, JOBS, channel_upkeep
from fabu.publishing.posting.upkeep import REMINDER_NOTIFICATION
from fabu.services import Services
from factories import GraphQLClient, UnitFactory
from posting.posting_support import REMINDERS, attach, board_root, channels_at, install_bulletin, proof_input, publish
from publishing.publishing_support import notifications, uuid_of
from workflow.workflow_support import Desk, make_workflow_unit

PAST_THE_PERIOD = 12  # days: the board's posting period is ten days


def feed_titles(root: Path) -> list[str]:
    return [item["title"] for item in json.loads((root / "notices.json").read_text("utf-8"))["items"]]


async def open_reminders(desk: Desk, username: str = "publisher") -> list[dict[str, Any]]:
    data = await desk.gql.data(REMINDERS, {}, token=await desk.token(username))
    nodes: list[dict[str, Any]] = data["postingReminders"]["nodes"]
    return nodes


async def test_upkeep_reminds_the_publishers_once_to_post_a_notice_until_its_photo_comes(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))
    tenant, publisher = desk.wu.unit.id, desk.wu.unit.people["publisher"]
    ring = key_ring(services.settings)

    first = await upkeep_tenant(channels_at(services, 0), ring, tenant)
    second = await upkeep_tenant(channels_at(services, 1), ring, tenant)

    assert [(run.channel, run.standing, run.told, run.error) for run in first] == [("bulletin", 1, 1, None)]
    assert [(run.standing, run.told) for run in second] == [(1, 0)]
    (told,) = await notifications(tenant, publisher, REMINDER_NOTIFICATION)
    assert told["message_zh"].startswith("【公告栏】通知《关于开展2026年度营商环境评价工作的通知》尚未张贴，请张贴并拍照上传")
    assert told["message_en"].startswith("[Notice board] The notice is not posted yet: post it and upload a photo")
    (reminder,) = await open_reminders(desk)
    assert (reminder["releaseId"], reminder["settledBy"]) == (release["id"], "POSTED")

    assert (await attach(desk, proof_input(release)))["errors"] == []

    assert await open_reminders(desk) == []
    assert [(run.standing, run.told) for run in await upkeep_tenant(channels_at(services, 2), ring, tenant)] == [(0, 0)]


async def test_upkeep_reminds_the_publishers_once_of_a_notice_past_its_period(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await posted(desk, services, tmp_path)
    tenant, publisher = desk.wu.unit.id, desk.wu.unit.people["publisher"]
    ring = key_ring(services.settings)

    today = await upkeep_tenant(channels_at(services, 0), ring, tenant)
    assert [(run.channel, run.standing, run.told) for run in today] == [("bulletin", 0, 0)]
    later = channels_at(services, PAST_THE_PERIOD)
    first = await upkeep_tenant(later, ring, tenant)
    second = await upkeep_tenant(later, ring, tenant)

    assert [(run.channel, run.standing, run.told, run.error) for run in first] == [("bulletin", 1, 1, None)]
    assert [(run.standing, run.told) for run in second] == [(1, 0)]
    (told,) = await notifications(tenant, publisher, REMINDER_NOTIFICATION)
    assert told["release_id"] == uuid_of(release["id"])
    assert told["message_zh"].startswith("【公告栏】通知《关于开展2026年度营商环境评价工作的通知》张贴期已于")
    assert told["message_en"].startswith("[Notice board] The notice's posting period ended on")
    assert await notifications(tenant, desk.wu.unit.people["drafter"], REMINDER_NOTIFICATION) == []
    (reminder,) = await open_reminders(desk)
    assert (reminder["channel"], reminder["releaseId"], reminder["settledBy"]) == ("bulletin", release["id"], "REMOVED")
    assert reminder["message"] == told["message_zh"].removeprefix("【公告栏】") + " / " + told["message_en"].removeprefix("[Notice board] ")


async def posted(desk: Desk, services: Services, tmp_path: Path) -> dict[str, Any]:
    """A release published to the bulletin whose notice was photographed on the board (no reminder to post)."""
    release = await publish(desk, services, ("bulletin",))
    assert (await attach(desk, proof_input(release)))["errors"] == []
    return release


async def test_the_removal_photo_settles_the_reminder(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await posted(desk, services, tmp_path)
    await upkeep_tenant(channels_at(services, PAST_THE_PERIOD), key_ring(services.settings), desk.wu.unit.id)
    assert len(await open_reminders(desk)) == 1

    payload = await attach(desk, proof_input(release, kind="REMOVED"))

    assert payload["errors"] == []
    assert payload["ledgerEntry"]["state"] == "removed"
    assert await open_reminders(desk) == []


async def test_a_reminder_the_channel_no_longer_reports_is_closed(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    await posted(desk, services, tmp_path)
    ring, tenant = key_ring(services.settings), desk.wu.unit.id
    await upkeep_tenant(channels_at(services, PAST_THE_PERIOD), ring, tenant)

    # Time as the board sees it goes back within the period: the notice is no longer due.
    await upkeep_tenant(channels_at(services, 0), ring, tenant)

    assert await open_reminders(desk) == []
    async with tenant_transaction(tenant):
        rows = await DB.fetch("select resolved_at from posting_reminders")
    assert [row["resolved_at"] is not None for row in rows] == [True]


async def test_the_signage_refresh_drops_notices_whose_period_ended(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    await publish(desk, services, ("bulletin",))
    root = board_root(tmp_path, desk.wu.unit.id)
    assert feed_titles(root) == ["关于开展2026年度营商环境评价工作的通知"]

    (run,) = await upkeep_tenant(channels_at(services, PAST_THE_PERIOD), key_ring(services.settings), desk.wu.unit.id)

    assert run.summary == {"on_screen": 0, "to_post": 0, "due_for_removal": 1}
    assert feed_titles(root) == []
    assert "关于开展2026年度营商环境评价工作的通知" not in (root / "signage.html").read_text("utf-8")


async def test_another_unit_sees_none_of_the_reminders(
    desk: Desk, services: Services, tmp_path: Path, gql: GraphQLClient, units: UnitFactory
) -> None:
    await install_bulletin(desk, services, tmp_path)
    await publish(desk, services, ("bulletin",))
    await upkeep_tenant(channels_at(services, PAST_THE_PERIOD), key_ring(services.settings), desk.wu.unit.id)
    (reminder,) = await open_reminders(desk)
    other = Desk(gql, units, await make_workflow_unit(units))

    assert await open_reminders(other) == []
    node = await other.gql.data("query($id: ID!) { node(id: $id) { id } }", {"id": reminder["id"]}, token=await other.token("publisher"))
    assert node == {"node": None}
    own = await desk.gql.data(
        "query($id: ID!) { node(id: $id) { ... on PostingReminder { channel } } }", {"id": reminder["id"]},
        token=await desk.token("publisher"),
    )  # fmt: skip
    assert own == {"node": {"channel": "bulletin"}}


async def test_only_publishers_and_admins_list_reminders(desk: Desk) -> None:
    body = await desk.gql(REMINDERS, {}, token=await desk.token("drafter"))

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_worker_runs_the_upkeep_daily_for_every_unit(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    await publish(desk, services, ("bulletin",))
    root = board_root(tmp_path, desk.wu.unit.id)
    (root / "notices.json").unlink()

    told = await channel_upkeep({"services": services})

    assert told >= 0
    assert feed_titles(root) == ["关于开展2026年度营商环境评价工作的通知"]  # rendered anew by the job
    assert channel_upkeep in JOBS
    (job,) = CRON
    assert isinstance(job, CronJob)
    assert (job.coroutine, job.hour, job.minute, job.second) == (channel_upkeep, {0}, {5}, 0)


async def test_two_workers_running_the_upkeep_at_once_tell_the_publishers_once(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    await publish(desk, services, ("bulletin",))
    tenant, publisher = desk.wu.unit.id, desk.wu.unit.people["publisher"]
    ring, later = key_ring(services.settings), channels_at(services, PAST_THE_PERIOD)

    runs = await asyncio.gather(upkeep_tenant(later, ring, tenant), upkeep_tenant(later, ring, tenant))

    assert sorted(run.told for worker in runs for run in worker) == [0, 1]
    assert len(await notifications(tenant, publisher, REMINDER_NOTIFICATION)) == 1
    assert len(await open_reminders(desk)) == 1


async def test_reminders_the_database_cannot_store_fail_that_channel_only_and_tell_nobody(
    desk: Desk, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))
    tenant = desk.wu.unit.id

    async def nul_in_the_message(ctx: object) -> UpkeepReport:  # a plugin's bug: PostgreSQL text holds no NUL
        message = Bilingual(zh="请撤下\x00公告", en="take it down")
        return UpkeepReport(reminders=(Reminder(key="remove:1", release_id=uuid_of(release["id"]), due_at=datetime.now(UTC), message=message),))

    monkeypatch.setattr(plugin("bulletin"), "upkeep", nul_in_the_message)

    (run,) = await upkeep_tenant(channels_at(services, PAST_THE_PERIOD), key_ring(services.settings), tenant)

    assert (run.channel, run.told) == ("bulletin", 0)
    assert run.error is not None
    assert await notifications(tenant, desk.wu.unit.people["publisher"], REMINDER_NOTIFICATION) == []
    assert await open_reminders(desk) == []
