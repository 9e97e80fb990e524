"""Archiving a published release: a complete BagIt package in the unit's store, recorded with its retention,
refused for what was never published, out of other units' reach, and re-checked for fixity."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

from fabu.archive import bagit
from fabu.archive.schedule import archive_due, check_due
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.jobs.worker import cron_jobs
from fabu.services import Services
from fabu.storage import LocalObjectStore, ObjectRetained, TenantObjects
from fabu_loopback import LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import (
    deliver_all,
    install_loopback,
    now,
    ready_release_with_attachment,
    relay,
    uuid_of,
)
from releases.releases_support import png_bytes
from workflow.workflow_support import Desk, make_workflow_unit

ARCHIVE = """mutation($input: ArchiveReleaseInput!) { archiveRelease(input: $input) {
    package { sha256 size payloadFiles retainUntil retentionRule lockedByStore createdBy downloadUrl }
    errors { field code message } } }"""
PACKAGES = """query($id: ID!) { node(id: $id) { ... on Release {
    archives { sha256 createdBy lastCheckedAt intact problems } } } }"""


async def published(desk: Desk, loopback: LoopbackServer, services: Services) -> dict[str, Any]:
    """A release with an attachment, approved through the standard workflow and published on the loopback channel."""
    await install_loopback(desk, loopback)
    release = await ready_release_with_attachment(desk, ("loopback",), png_bytes())
    assert await deliver_all(services, desk.wu.unit.id, await relay(desk.wu.unit.id)) == ["delivered"]
    return release


async def archive(desk: Desk, release: dict[str, Any], person: str = "office") -> dict[str, Any]:
    data = await desk.gql.data(ARCHIVE, {"input": {"releaseId": release["id"]}}, token=await desk.token(person))
    payload: dict[str, Any] = data["archiveRelease"]
    return payload


def altered(package: bytes) -> bytes:
    """The package with its release record rewritten, as someone with write access to the store could."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as original, zipfile.ZipFile(buffer, "w") as forged:
        for name in original.namelist():
            content = original.read(name)
            forged.writestr(name, content.replace("工作动态".encode(), "政策文件".encode()) if name.endswith("/data/release.json") else content)
    return buffer.getvalue()


def forge_on_disk(services: Services, key: str, data: bytes) -> None:
    """Rewrite a stored object behind the store's back, as someone with access to its disk could."""
    store = services.store
    assert isinstance(store, LocalObjectStore)
    store._paths(key).data.write_bytes(data)


def files_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as bag:
        return {name.split("/", 1)[1]: bag.read(name) for name in bag.namelist()}


async def stored_package(services: Services, tenant: UUID, release_id: UUID) -> tuple[dict[str, Any], bytes]:
    async with tenant_transaction(tenant):
        row = await DB.fetchrow("select * from release_archives where release_id = $1 order by created_at desc limit 1", release_id)
    assert row is not None
    return row, await TenantObjects(services.store, tenant).get(row["object_key"])


async def test_a_published_release_is_packaged_whole_as_a_valid_bag(
    desk: Desk, loopback: LoopbackServer, services: Services, client: httpx.AsyncClient
) -> None:
    release = await published(desk, loopback, services)
    release_id = uuid_of(release["id"])

    payload = await archive(desk, release)

    assert payload["errors"] == []
    package = payload["package"]
    row, stored = await stored_package(services, desk.wu.unit.id, release_id)
    assert bagit.check_bag(stored) == []
    assert (package["sha256"], package["size"]) == (row["sha256"], len(stored))
    assert (package["retainUntil"], package["retentionRule"]) == (None, "未设保管期限：永久保存 / no retention rule: kept permanently")
    assert package["createdBy"].startswith("office")
    assert package["lockedByStore"] is True  # the local store refuses to replace or delete it
    files = files_of(stored)
    assert files["data/attachments/附件.png"] == png_bytes()  # the original, byte for byte
    assert package["payloadFiles"] == sum(1 for name in files if name.startswith("data/"))
    versions = [name for name in files if name.startswith("data/versions/") and name.endswith(".json")]
    assert len(versions) >= 2  # the draft, the attachment, any proofreading: every version
    assert "根据省政府统一部署" in files["data/versions/0001.html"].decode()
    opinions = json.loads(files["data/approval/opinions.json"])
    assert {opinion["decision"] for opinion in opinions} >= {"approve"}
    [entry] = json.loads(files["data/publication/ledger.json"])
    assert (entry["channel"], entry["state"]) == ("loopback", "published")
    assert json.loads(files["data/release.json"])["category_code"] == "工作动态"
    info = bagit.read_info(stored)
    assert (info["External-Identifier"], info["Fabu-Retain-Until"]) == (str(release_id), "permanent")
    async with tenant_transaction(desk.wu.unit.id):
        unit = await DB.fetchrow("select name from tenants where id = $1", desk.wu.unit.id)
    assert unit is not None
    assert info["Source-Organization"] == unit["name"]
    downloaded = await client.get(package["downloadUrl"])
    assert downloaded.status_code == 200
    assert downloaded.content == stored


async def test_retention_follows_the_units_rule_for_the_category_else_for_releases(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    async with tenant_transaction(desk.wu.unit.id):
        await DB.fetch(
            "insert into onboarding_settings (tenant_id, settings, updated_at) values ($1, $2, now())",
            desk.wu.unit.id,
            json.dumps({"retention": [{"applies_to": "releases", "keep_years": 10, "then": "review"},
                                      {"applies_to": "政策文件", "keep_years": "permanent", "then": "archive"}]}),
        )  # fmt: skip
    release = await published(desk, loopback, services)

    package = (await archive(desk, release))["package"]

    retain_until = datetime.fromisoformat(package["retainUntil"])
    assert package["retentionRule"] == "releases：10 年，期满鉴定 / 10 years, then review"
    assert abs(retain_until - now().replace(year=now().year + 10)) < timedelta(minutes=5)


async def test_a_release_never_published_is_refused_and_nothing_is_kept(desk: Desk, services: Services) -> None:
    release = await desk.create(title="尚在起草的通知", channels=["loopback"])

    payload = await archive(desk, release, person="admin")

    assert payload["package"] is None
    assert payload["errors"] == [
        {"field": "releaseId", "code": "NEVER_PUBLISHED",
         "message": "稿件尚未发布，不能归档 / the release was never published, so there is nothing to archive yet"}
    ]  # fmt: skip
    async with tenant_transaction(desk.wu.unit.id):
        assert await DB.fetch("select * from release_archives") == []


async def test_a_drafter_may_not_archive(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    release = await published(desk, loopback, services)

    body = await desk.gql(ARCHIVE, {"input": {"releaseId": release["id"]}}, token=await desk.token("drafter"))

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_unit_can_neither_archive_nor_see_a_units_packages(
    desk: Desk, loopback: LoopbackServer, services: Services, gql: GraphQLClient, units: UnitFactory
) -> None:
    release = await published(desk, loopback, services)
    await archive(desk, release)
    other = Desk(gql, units, await make_workflow_unit(units))

    refused = await archive(other, release)
    seen = (await gql.data(PACKAGES, {"id": release["id"]}, token=await other.token("office")))["node"]

    assert refused["errors"][0]["code"] == "NOT_FOUND"
    assert seen is None
    async with tenant_transaction(other.wu.unit.id):
        assert await DB.fetch("select * from release_archives") == []


async def test_the_daily_run_packages_what_is_due_once_and_a_damaged_package_is_found(
    desk: Desk, loopback: LoopbackServer, services: Services
) -> None:
    release = await published(desk, loopback, services)
    tenant, release_id = desk.wu.unit.id, uuid_of(release["id"])
    month = timedelta(days=30)

    early = await archive_due(services.store, tenant, now(), month)
    due = await archive_due(services.store, tenant, now() + month, month)
    again = await archive_due(services.store, tenant, now() + 2 * month, month)
    row, stored = await stored_package(services, tenant, release_id)
    checked = await check_due(services.store, tenant, now() + 2 * month, month)
    with pytest.raises(ObjectRetained):  # the store keeps the package as it is
        await TenantObjects(services.store, tenant).put(row["object_key"], altered(stored), content_type="application/zip")
    forge_on_disk(services, TenantObjects(services.store, tenant).full_key(row["object_key"]), altered(stored))
    damaged = await check_due(services.store, tenant, now() + 4 * month, month)
    not_yet = await check_due(services.store, tenant, now() + 4 * month + timedelta(days=1), month)

    assert (early.archived, due.archived, again.archived) == ([], [release_id], [])
    assert (checked.checked, checked.damaged) == (1, [])
    assert (damaged.checked, damaged.damaged) == (1, [row["id"]])
    assert not_yet.checked == 0  # checked a day ago: next month
    token = await desk.token("admin")
    [package] = (await desk.gql.data(PACKAGES, {"id": release["id"]}, token=token))["node"]["archives"]
    assert package["intact"] is False
    assert package["problems"][0] == "整个归档包的 SHA-256 与记录不符 / the package's SHA-256 differs from the record"
    assert package["problems"][1] == f"release-{release_id}/data/release.json: 校验值不符，内容被改动 / checksum mismatch: the content was altered"
    assert package["createdBy"] == "系统（到期自动归档）/ system (archived when due)"
    async with tenant_transaction(tenant):
        told = await DB.fetch("select * from notifications where kind = 'archive_damaged'")
        [made] = await DB.fetch("select * from audit_entries where action = 'archive.archive_release'")
    assert (made["actor_label"], made["object_id"]) == ("system", str(release_id))
    assert told
    assert told[0]["message_en"].startswith("An archive package failed its fixity check")


def test_the_worker_archives_and_checks_every_day() -> None:
    jobs = {job.name: (job.hour, job.minute) for job in cron_jobs()}
    assert (jobs["cron:archive_due_releases"], jobs["cron:check_archive_fixity"]) == (({2}, {0}), ({3}, {0}))


async def test_a_drafter_does_not_see_the_packages(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    release = await published(desk, loopback, services)
    await archive(desk, release)

    body = await desk.gql(PACKAGES, {"id": release["id"]}, token=await desk.token("drafter"))
    audited = await desk.gql.data(PACKAGES, {"id": release["id"]}, token=await desk.token("auditor"))

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert len(audited["node"]["archives"]) == 1


async def test_a_sub_category_takes_its_parents_rule(desk: Desk, loopback: LoopbackServer, services: Services) -> None:
    tenant = desk.wu.unit.id
    async with tenant_transaction(tenant):
        parent = await DB.fetchrow("select id from disclosure_categories where code = '政策文件'")
        assert parent is not None
        await DB.fetch("update disclosure_categories set parent_id = $1 where code = '工作动态'", parent["id"])
        await DB.fetch(
            "insert into onboarding_settings (tenant_id, settings, updated_at) values ($1, $2, now())",
            tenant, json.dumps({"retention": [{"applies_to": "releases", "keep_years": 10},
                                              {"applies_to": "政策文件", "keep_years": "permanent"}]}),
        )  # fmt: skip
    release = await published(desk, loopback, services)  # in 工作动态, now under 政策文件

    package = (await archive(desk, release))["package"]

    assert (package["retainUntil"], package["retentionRule"]) == (None, "政策文件：永久保存 / permanent")
