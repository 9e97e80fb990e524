"""Proof of posting: a publisher's photo is kept by its hash and ledgered; every bad input is refused
with an error naming the field, and leaves no ledger entry and no stored file behind."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from fabu.channels.api import ProofKind, PublicationRef
from fabu.channels.context import open_context
from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.publishing.calls import Channels, TenantMedia
from fabu.publishing.installations import channel_config
from fabu.publishing.plugins import key_ring, plugin
from fabu.publishing.posting import ProofUpload, attach_proof
from fabu.services import Services
from fabu.storage import TenantObjects
from fabu_loopback import LoopbackServer
from factories import GraphQLClient, UnitFactory
from posting.posting_support import JPEG, attach, install_bulletin, ledger, proof_input, publish, receipt, stored
from publishing.publishing_support import install_loopback, uuid_of
from releases.releases_support import png_bytes
from workflow.workflow_support import Desk, make_workflow_unit


async def test_a_posting_photo_is_kept_by_its_hash_and_ledgered(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    payload = await attach(desk, proof_input(release, note="一楼大厅公告栏", takenAt="2026-01-05T09:30:00+08:00"))

    assert payload["errors"] == []
    digest = hashlib.sha256(JPEG).hexdigest()
    key = TenantObjects.content_key(digest)
    assert payload["proof"] == {
        "kind": "POSTED", "objectKey": key, "sha256": digest, "size": len(JPEG), "contentType": "image/jpeg",
        "channelState": "published", "channelMessage": payload["proof"]["channelMessage"],
    }  # fmt: skip
    assert payload["proof"]["channelMessage"].startswith("已张贴（第1版）")
    published, posted = await ledger(desk.wu.unit.id, release)
    assert (published["state"], posted["state"]) == ("published", "posted")
    assert (posted["channel"], posted["version_number"], posted["title"]) == ("bulletin", published["version_number"], published["title"])
    assert posted["external_ids"] == published["external_ids"]
    details = receipt(posted)
    assert (details["object_key"], details["sha256"], details["proof"]) == (key, digest, "posted")
    assert (details["note"], details["taken_at"]) == ("一楼大厅公告栏", "2026-01-05T09:30:00+08:00")
    assert details["channel_details"]["revision"] == 1
    assert await stored(services, desk.wu.unit.id, key) == JPEG


async def test_the_same_photo_twice_is_ledgered_once(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    first = await attach(desk, proof_input(release))
    again = await attach(desk, proof_input(release))

    assert first["errors"] == again["errors"] == []
    assert again["ledgerEntry"]["id"] == first["ledgerEntry"]["id"]
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published", "posted"]


@pytest.mark.parametrize(
    ("data", "content_type", "field", "code"),
    [
        (b"%PDF-1.7 a scanned notice", "application/pdf", "contentType", "FILE_TYPE_NOT_ALLOWED"),
        (b"GIF89a not accepted by the board", "image/gif", "contentType", "FILE_TYPE_NOT_ALLOWED"),
        (b"plain text, not a photo", "image/jpeg", "contentBase64", "FILE_NOT_AS_DECLARED"),
        (png_bytes(), "image/jpeg", "contentBase64", "FILE_NOT_AS_DECLARED"),
        # Over what a request carries inline (about 1.49 MB), yet within the request size limit.
        (b"\xff\xd8\xff" + b"\x00" * 1_490_000, "image/jpeg", "contentBase64", "TOO_LARGE"),
    ],
)
async def test_a_file_that_is_no_accepted_photo_is_refused_and_nothing_is_kept(
    desk: Desk, services: Services, tmp_path: Path, data: bytes, content_type: str, field: str, code: str
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    payload = await attach(desk, proof_input(release, data=data, contentType=content_type))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert " / " in payload["errors"][0]["message"]
    assert payload["ledgerEntry"] is None
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published"]
    assert await stored(services, desk.wu.unit.id, TenantObjects.content_key(hashlib.sha256(data).hexdigest())) is None


async def test_a_photo_larger_than_the_channel_accepts_is_refused_by_the_service(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))
    huge = b"\xff\xd8\xff" + b"\x00" * (20 * 1024 * 1024)  # three bytes over the board's 20 MiB
    tenant = desk.wu.unit.id

    upload = ProofUpload(uuid_of(release["id"]), "bulletin", ProofKind.POSTED, huge, "image/jpeg")
    with pytest.raises(FabuError) as caught:
        async with tenant_transaction(tenant):
            await attach_proof(Channels(store=services.store), key_ring(services.settings), tenant, upload)

    assert (caught.value.field, caught.value.code) == ("contentBase64", "FILE_TOO_LARGE")
    assert "20971520" in caught.value.message_zh
    assert [entry["state"] for entry in await ledger(tenant, release)] == ["published"]


async def test_a_photo_taken_in_the_future_is_refused(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    payload = await attach(desk, proof_input(release, takenAt="2999-01-01T00:00:00+08:00"))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("takenAt", "INVALID")]
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published"]


async def test_the_channel_refusing_a_proof_is_shown_with_its_reason_and_nothing_is_kept(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))
    tenant = desk.wu.unit.id
    async with tenant_transaction(tenant):
        config = await channel_config(tenant, key_ring(services.settings), "bulletin")
    bulletin = plugin("bulletin")
    ref = PublicationRef(release_id=uuid_of(release["id"]), tenant_id=tenant, title=release["title"])
    async with open_context(tenant_id=tenant, config=config, media=TenantMedia(TenantObjects(services.store, tenant)), channel="bulletin") as ctx:
        await bulletin.retract(ctx, ref)  # withdrawn: it must come down, not be posted

    payload = await attach(desk, proof_input(release))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("kind", "PROOF_REJECTED")]
    assert payload["errors"][0]["message"] == (
        "渠道不接受该证明：通知已撤回，不能再张贴 / the channel refused the proof: the notice was withdrawn and must not be posted"
    )
    assert [entry["state"] for entry in await ledger(tenant, release)] == ["published"]
    assert await stored(services, tenant, TenantObjects.content_key(hashlib.sha256(JPEG).hexdigest())) is None
    removed = await attach(desk, proof_input(release, kind="REMOVED"))
    assert removed["errors"] == []
    assert removed["proof"]["channelState"] == "retracted"


async def test_a_channel_without_proofs_refuses_them(
    desk: Desk, services: Services, loopback: LoopbackServer
) -> None:
    await install_loopback(desk, loopback)
    release = await publish(desk, services, ("loopback",))

    payload = await attach(desk, proof_input(release, channel="loopback"))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("channel", "PROOF_NOT_SUPPORTED")]
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published"]


async def test_a_release_not_published_on_the_channel_cannot_be_proven(
    desk: Desk, services: Services, tmp_path: Path, loopback: LoopbackServer
) -> None:
    await install_bulletin(desk, services, tmp_path)
    await install_loopback(desk, loopback)
    release = await publish(desk, services, ("loopback",))

    payload = await attach(desk, proof_input(release))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("releaseId", "NOT_PUBLISHED")]


async def test_another_unit_cannot_prove_a_units_publication(
    desk: Desk, services: Services, tmp_path: Path, gql: GraphQLClient, units: UnitFactory
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))
    other = Desk(gql, units, await make_workflow_unit(units))
    await install_bulletin(other, services, tmp_path / "other")

    payload = await attach(other, proof_input(release))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("releaseId", "NOT_PUBLISHED")]
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published"]
    assert await ledger(other.wu.unit.id, release) == []


async def test_only_publishers_attach_proofs(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    result = await desk.gql(
        "mutation($input: AttachPostingProofInput!) { attachPostingProof(input: $input) { errors { code } } }",
        proof_input(release), token=await desk.token("drafter"),
    )  # fmt: skip

    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published"]


async def test_the_same_photo_sent_twice_at_once_is_ledgered_once(desk: Desk, services: Services, tmp_path: Path) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    first, second = await asyncio.gather(attach(desk, proof_input(release)), attach(desk, proof_input(release)))

    assert first["errors"] == second["errors"] == []
    assert first["ledgerEntry"]["id"] == second["ledgerEntry"]["id"]
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published", "posted"]


async def test_a_retry_with_the_same_client_mutation_id_records_the_first_proof_once(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    first = await attach(desk, proof_input(release, clientMutationId="photo-1"))
    retry = await attach(desk, proof_input(release, data=JPEG + b"re-encoded by the phone", clientMutationId="photo-1"))

    assert (first["errors"], first["replayed"], retry["errors"], retry["replayed"]) == ([], False, [], True)
    assert retry["ledgerEntry"] == first["ledgerEntry"]
    assert retry["proof"] == first["proof"]
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published", "posted"]
    other_mutation = await desk.decide("publisher", release["id"], "CONFIRM", "已校对。", clientMutationId="photo-1")
    assert [(e["code"], e["field"]) for e in other_mutation["errors"]] == [("CONFLICT", "clientMutationId")]


async def test_a_file_of_a_type_the_channel_refuses_is_refused_before_its_content_is_decoded(
    desk: Desk, services: Services, tmp_path: Path
) -> None:
    await install_bulletin(desk, services, tmp_path)
    release = await publish(desk, services, ("bulletin",))

    payload = await attach(desk, proof_input(release, fileName="扫描件.pdf", contentType=None, contentBase64="not base64 at all!"))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("contentType", "FILE_TYPE_NOT_ALLOWED")]
    assert payload["errors"][0]["message"].startswith("该渠道的证明文件须为 image/jpeg")
    assert [entry["state"] for entry in await ledger(desk.wu.unit.id, release)] == ["published"]
