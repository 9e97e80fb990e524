"""Versions are immutable and hashed over canonical JSON; a diff between two shows fields and text."""

from __future__ import annotations

import hashlib
import json

import asyncpg
import pytest

from fabu.releases.content import canonical_json
from factories import GraphQLClient, UnitFactory
from releases.releases_support import Drafting, department

DIFF = """query($id: ID!, $from: Int!, $to: Int!) { node(id: $id) { ... on Release {
  diff(from: $from, to: $to) { from to fieldChanges { field old new } bodyText { operation lines } } } } }"""
VERSION_JSON = "query($id: ID!) { node(id: $id) { ... on Release { versions { number sha256 canonicalJson } } } }"


async def test_a_versions_sha256_is_the_hash_of_its_canonical_json(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created(bodyHtml="<p>数据：同比增长 5.2%。</p>", channels=["portal"])

    data = await gql.data(VERSION_JSON, {"id": release["id"]}, token=drafting.token)

    [version] = data["node"]["versions"]
    document = json.loads(version["canonicalJson"])
    assert hashlib.sha256(version["canonicalJson"].encode()).hexdigest() == version["sha256"]
    assert canonical_json(document).decode() == version["canonicalJson"]
    assert document["schema"] == 1
    assert document["title"] == release["title"]
    assert document["lead_department_id"] == str(unit.departments["policy"])
    assert "同比增长" in version["canonicalJson"]  # UTF-8 as is, not \\u escapes


async def test_the_diff_shows_changed_fields_and_the_body_text_by_paragraph(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    v1 = await drafting.created(bodyHtml="<p>第一段不变。</p><p>第二段旧文。</p><p>第三段删除。</p>", channels=["portal"])
    await drafting.updated(
        v1,
        title="新标题",
        bodyHtml="<p>第一段不变。</p><p>第二段新文。</p><p>新增第四段。</p>",
        importance="MAJOR",
        coDepartmentIds=[department(unit, "legal")],
    )

    data = await gql.data(DIFF, {"id": v1["id"], "from": 1, "to": 2}, token=drafting.token)

    diff = data["node"]["diff"]
    changes = {change["field"]: (change["old"], change["new"]) for change in diff["fieldChanges"]}
    assert (diff["from"], diff["to"]) == (1, 2)
    assert changes["title"] == (v1["title"], "新标题")
    assert changes["importance"] == ("一般 / routine", "重大 / major")
    assert changes["coDepartments"] == (None, "法制科")
    assert "bodyHtml" in changes
    assert "channels" not in changes
    assert diff["bodyText"] == [
        {"operation": "UNCHANGED", "lines": ["第一段不变。"]},
        {"operation": "DELETED", "lines": ["第二段旧文。", "第三段删除。"]},
        {"operation": "INSERTED", "lines": ["第二段新文。", "新增第四段。"]},
    ]


async def test_a_diff_with_a_missing_version_names_the_argument(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created()

    body = await gql(DIFF, {"id": release["id"], "from": 1, "to": 7}, token=drafting.token)

    assert body["errors"][0]["extensions"] == {"code": "VERSION_NOT_FOUND", "field": "to"}
    assert "第 7 版不存在" in body["errors"][0]["message"]


async def test_the_app_may_only_read_and_add_versions(owner: asyncpg.Connection) -> None:
    privileges = await owner.fetch(
        """select privilege_type from information_schema.role_table_grants
           where table_name = 'release_versions' and grantee = 'fabu_app_rw'"""
    )
    assert sorted(row["privilege_type"] for row in privileges) == ["INSERT", "SELECT"]


async def test_not_even_the_owner_can_rewrite_a_version(
    owner: asyncpg.Connection, gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    await drafting.created()

    async with owner.transaction():
        await owner.execute("select set_config('fabu.tenant_id', $1, true)", str(unit.id))
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="immutable"):
            await owner.execute("update release_versions set sha256 = repeat('0', 64)")
    async with owner.transaction():
        await owner.execute("select set_config('fabu.tenant_id', $1, true)", str(unit.id))
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="immutable"):
            await owner.execute("delete from release_versions")
