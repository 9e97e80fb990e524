"""What the workflow engine relies on: saving in its own states, the new-version hook, the owned columns."""

from __future__ import annotations

import dataclasses
from uuid import UUID

import asyncpg
import pytest
from strawberry.relay import from_base64

from fabu.db.session import tenant_transaction
from fabu.releases import VersionKind, current_fields, save_new_version
from fabu.releases.piccolo_app import APP_CONFIG
from fabu.services import Services
from fabu.storage import TenantObjects
from fabu.workflow import hooks as workflow_hooks
from factories import GraphQLClient, UnitFactory
from releases.releases_support import Drafting


def _uuid(global_id: str) -> UUID:
    return UUID(from_base64(global_id)[1])


async def _set_state(owner: asyncpg.Connection, tenant_id: UUID, release_id: UUID, state: str) -> None:
    async with owner.transaction():
        await owner.execute("select set_config('fabu.tenant_id', $1, true)", str(tenant_id))
        await owner.execute("update releases set workflow_state = $2 where id = $1", release_id, state)


async def test_drafters_cannot_edit_outside_drafting_but_the_engine_can_in_states_it_allows(
    gql: GraphQLClient, units: UnitFactory, services: Services, owner: asyncpg.Connection
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created(bodyHtml="<p>正文有错別字。</p>")
    release_id = _uuid(release["id"])
    await _set_state(owner, unit.id, release_id, "publication")

    refused = await drafting.update(release, bodyHtml="<p>起草人想再改。</p>")
    async with tenant_transaction(unit.id):
        fields = await current_fields(release_id)
        saved = await save_new_version(
            release_id, unit.people["publisher"], dataclasses.replace(fields, body_html="<p>正文有错别字。</p>"),
            expected_lock_version=release["lockVersion"], objects=TenantObjects(services.store, unit.id),
            allowed_states={"publication"}, kind=VersionKind.PROOFREAD,
        )  # fmt: skip

    assert (refused["errors"][0]["code"], refused["errors"][0]["field"]) == ("NOT_EDITABLE", None)
    assert (saved.number, saved.lock_version, saved.created) == (2, 2, True)
    current = await drafting.node(release["id"])
    assert current is not None
    assert current["currentVersion"] == {"number": 2, "sha256": saved.sha256, "kind": "PROOFREAD"}
    assert current["lastEditedBy"]["name"] == "publisher-姓名"
    assert current["workflowState"] == "publication"


async def test_a_returned_release_is_editable_by_its_drafters_again(
    gql: GraphQLClient, units: UnitFactory, owner: asyncpg.Connection
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created()
    await _set_state(owner, unit.id, _uuid(release["id"]), "returned")

    edited = await drafting.updated(release, summary="按意见修改")

    assert edited["currentVersionNumber"] == 2


async def test_every_new_version_is_reported_to_the_workflow_hook(
    gql: GraphQLClient, units: UnitFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[UUID, UUID, str, UUID]] = []

    async def hook(release_id: UUID, version_id: UUID, sha256: str, editor: UUID, objects: object) -> None:
        calls.append((release_id, version_id, sha256, editor))

    monkeypatch.setattr(workflow_hooks, "after_new_version", hook)
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))

    release = await drafting.created()
    edited = await drafting.updated(release, summary="摘要")
    await drafting.updated(edited, summary="摘要")  # unchanged content: no version, no call

    versions = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Release { versions { id sha256 } } } }", {"id": release["id"]}, token=drafting.token
    )
    expected = [
        (_uuid(release["id"]), _uuid(v["id"]), v["sha256"], unit.people["drafter"]) for v in versions["node"]["versions"]
    ]
    assert calls == expected


async def test_the_piccolo_tables_describe_the_migrated_columns(owner: asyncpg.Connection) -> None:
    for table in APP_CONFIG.table_classes:
        rows = await owner.fetch(
            "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
            table._meta.tablename,
        )
        declared = {column._meta.db_column_name for column in table._meta.columns}
        if table._meta.tablename == "release_co_departments":
            declared.discard("id")  # Piccolo's implicit key; the table's key is composite
        assert declared == {row["column_name"] for row in rows}, table._meta.tablename


async def test_the_workflow_engine_owns_a_workflow_state_column_that_starts_as_draft(owner: asyncpg.Connection) -> None:
    column = await owner.fetchrow(
        """select column_default, is_nullable from information_schema.columns
           where table_name = 'releases' and column_name = 'workflow_state'"""
    )
    assert column is not None
    assert column["column_default"].startswith("'draft'")
    assert column["is_nullable"] == "NO"
