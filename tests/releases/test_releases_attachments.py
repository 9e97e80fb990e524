"""Attachments: originals stored by SHA-256, each change a new version, uploads size-limited."""

from __future__ import annotations

import hashlib

from fabu.graphql.releases.support import upload_limit
from fabu.services import Services
from fabu.settings import Settings
from fabu.storage import TenantObjects
from factories import GraphQLClient, UnitFactory
from releases.releases_support import REMOVE_ATTACHMENT, Drafting

PDF = b"%PDF-1.4\n% a small test file\n"


async def test_an_attachment_is_stored_by_its_sha256_and_makes_a_new_version(
    gql: GraphQLClient, units: UnitFactory, services: Services
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created()

    payload = await drafting.attach(release, "C:\\文件\\政策解读.pdf", PDF)

    assert payload["errors"] == []
    attachment = payload["attachment"]
    assert attachment["name"] == "政策解读.pdf"
    assert attachment["contentType"] == "application/pdf"
    assert attachment["size"] == len(PDF)
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    objects = TenantObjects(services.store, unit.id)
    assert await objects.get(TenantObjects.content_key(attachment["sha256"])) == PDF
    updated = payload["release"]
    assert updated["currentVersionNumber"] == 2
    assert updated["currentVersion"]["kind"] == "ATTACHMENT_ADDED"
    assert updated["attachments"][0]["downloadUrl"]


async def test_removing_an_attachment_makes_a_new_version_and_earlier_versions_keep_it(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = (await drafting.attach(await drafting.created(), "附件.pdf", PDF))["release"]

    payload = await drafting.call(
        REMOVE_ATTACHMENT, "removeAttachment", {"id": release["attachments"][0]["id"], "expectedVersion": release["lockVersion"]}
    )
    versions = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Release { versions { number attachments { name sha256 } } } } }",
        {"id": release["id"]},
        token=drafting.token,
    )

    assert payload["errors"] == []
    assert payload["release"]["attachments"] == []
    assert payload["release"]["currentVersionNumber"] == 3
    assert [len(v["attachments"]) for v in versions["node"]["versions"]] == [0, 1, 0]


async def test_a_file_over_the_size_limit_is_refused_with_the_limit(
    gql: GraphQLClient, units: UnitFactory, settings: Settings
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created()
    limit = upload_limit(settings)

    payload = await drafting.attach(release, "big.bin", b"\0" * (limit + 1))

    assert payload["release"] is None
    error = payload["errors"][0]
    assert (error["field"], error["code"]) == ("contentBase64", "TOO_LARGE")
    assert str(limit) in error["message"]


async def test_bad_base64_a_duplicate_name_and_a_stale_version_are_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = (await drafting.attach(await drafting.created(), "附件.pdf", PDF))["release"]

    bad = await drafting.call(
        "mutation($input: AddAttachmentInput!) { addAttachment(input: $input) { errors { field code } } }",
        "addAttachment",
        {"releaseId": release["id"], "expectedVersion": release["lockVersion"], "fileName": "a.pdf", "contentBase64": "@@@"},
    )
    duplicate = await drafting.attach(release, "附件.pdf", b"other bytes")
    stale = await drafting.attach({**release, "lockVersion": 1}, "新附件.pdf", PDF)

    assert bad["errors"] == [{"field": "contentBase64", "code": "INVALID"}]
    assert (duplicate["errors"][0]["field"], duplicate["errors"][0]["code"]) == ("fileName", "DUPLICATE")
    assert stale["errors"][0]["code"] == "CONFLICT"
