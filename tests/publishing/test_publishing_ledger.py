"""The publication ledger (发布台账): append-only, readable page by page or as CSV, one unit's own."""

from __future__ import annotations

import base64
import io

import asyncpg
import openpyxl  # type: ignore[import-untyped]  # no type hints shipped
import pytest

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.services import Services
from fabu_loopback import LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    LEDGER,
    LEDGER_CSV,
    LEDGER_XLSX,
    published_release,
    uuid_of,
)
from workflow.workflow_support import Desk, make_workflow_unit


async def test_the_ledger_lists_what_was_published_with_the_channels_ids_and_approvers(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    release = await published_release(desk, loopback, services, title="关于公布2026年第一批行政许可事项的通知")
    [post] = loopback.posts_for(uuid_of(str(release["id"])))

    nodes = (await desk.gql.data(LEDGER, token=await desk.token("publisher")))["publicationLedger"]["nodes"]

    assert nodes == [
        {
            "channel": "loopback", "state": "published", "title": "关于公布2026年第一批行政许可事项的通知",
            "approvers": ["reviewer-姓名", "office-姓名"], "contentSha256": release["currentVersion"]["sha256"],  # type: ignore[index]
            "externalIds": {"post_id": post["id"]}, "url": post["url"], "versionNumber": 1,
        }
    ]
    other = await desk.gql.data(LEDGER, {"channel": "portal"}, token=await desk.token("publisher"))
    assert other["publicationLedger"]["nodes"] == []


async def test_the_ledger_exports_as_csv_with_a_bilingual_header(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    await published_release(desk, loopback, services, title="关于公布2026年第一批行政许可事项的通知")

    text = (await desk.gql.data(LEDGER_CSV, token=await desk.token("auditor")))["publicationLedgerCsv"]

    header, entry = text.strip().splitlines()
    assert header.startswith("登记时间 / Recorded at,")
    assert "关于公布2026年第一批行政许可事项的通知" in entry
    assert "reviewer-姓名、office-姓名" in entry
    assert "post_id=" in entry


async def test_the_ledger_exports_as_an_excel_workbook(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    await published_release(desk, loopback, services, title="关于公布2026年第一批行政许可事项的通知")

    encoded = (await desk.gql.data(LEDGER_XLSX, token=await desk.token("publisher")))["publicationLedgerXlsx"]

    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(encoded))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "发布台账"
    assert rows[0][0] == "登记时间 / Recorded at"
    assert rows[1][5] == "关于公布2026年第一批行政许可事项的通知"
    assert rows[1][7] == "reviewer-姓名、office-姓名"


async def test_the_app_cannot_change_or_remove_a_ledger_entry(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    await published_release(desk, loopback, services, title="关于公布2026年第一批行政许可事项的通知")

    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with tenant_transaction(desk.wu.unit.id):
            await DB.fetch("update publication_ledger set title = '改写'")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with tenant_transaction(desk.wu.unit.id):
            await DB.fetch("delete from publication_ledger")


async def test_the_owner_cannot_rewrite_the_ledger_either(
    desk: Desk, loopback: LoopbackServer, services: Services, owner: asyncpg.Connection
) -> None:
    await published_release(desk, loopback, services, title="关于公布2026年第一批行政许可事项的通知")

    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await owner.execute("update publication_ledger set title = '改写' where tenant_id = $1", desk.wu.unit.id)


async def test_another_unit_sees_none_of_the_ledger(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory
) -> None:
    await published_release(desk, loopback, services, title="关于公布2026年第一批行政许可事项的通知")
    other = Desk(gql, units, await make_workflow_unit(units))

    nodes = (await other.gql.data(LEDGER, token=await other.token("publisher")))["publicationLedger"]["nodes"]
    csv_text = (await other.gql.data(LEDGER_CSV, token=await other.token("publisher")))["publicationLedgerCsv"]

    encoded = (await other.gql.data(LEDGER_XLSX, token=await other.token("publisher")))["publicationLedgerXlsx"]

    assert nodes == []
    assert len(csv_text.strip().splitlines()) == 1
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(encoded))).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["登记时间 / Recorded at"]  # the header alone
    async with tenant_transaction(other.wu.unit.id):
        assert await DB.fetch("select * from publication_outbox") == []
        assert await DB.fetch("select * from channel_reads") == []


async def test_a_drafter_cannot_read_the_ledger(desk: Desk) -> None:
    response = await desk.gql(LEDGER, token=await desk.token("drafter"))

    assert response["errors"][0]["extensions"]["code"] == "FORBIDDEN"
