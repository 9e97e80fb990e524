"""attachPostingProof: a publisher records a photo proving a publication was posted or taken down."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.channels.api import ProofKind
from fabu.db.engine import DB
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.posting.types import PostingProofKind, PostingProofType
from fabu.graphql.publishing.types import LedgerEntryType
from fabu.graphql.releases.inputs import release_id
from fabu.graphql.releases.support import upload_limit
from fabu.publishing.calls import channels_of
from fabu.publishing.plugins import key_ring
from fabu.publishing.posting import ProofUpload, attach_proof, check_before_decoding
from fabu.releases.uploads import content_type_for, file_name, read_upload
from fabu.tenancy.roles import Role
from fabu.workflow import receipts

MUTATION = "attach_proof"


@strawberry.input
class AttachPostingProofInput:
    release_id: relay.GlobalID = strawberry.field(description="已发布的稿件 / the published release")
    channel: str = strawberry.field(description="渠道插件名，如 bulletin / the channel, e.g. bulletin")
    kind: PostingProofKind = strawberry.field(description="证明所示 / what the file shows")
    file_name: str
    content_base64: str = strawberry.field(description="文件内容（base64），通常为照片 / the file as base64, usually a photo")
    content_type: str | None = strawberry.field(default=None, description="缺省按文件名推断 / guessed from the name if absent")
    taken_at: datetime | None = strawberry.field(default=None, description="拍摄时间（须带时区）/ when it was taken, with a time zone")
    note: str = strawberry.field(default="", description="备注，如张贴位置 / a remark, e.g. where it hangs")
    client_mutation_id: str | None = strawberry.field(
        default=None, description="重试同一请求时不变，只登记一次 / the same on a retry, so the proof is recorded once"
    )


@strawberry.type
class AttachPostingProofPayload:
    ledger_entry: LedgerEntryType | None = strawberry.field(description="新的台账条目 / the new ledger entry")
    proof: PostingProofType | None
    replayed: bool = strawberry.field(description="重复请求，未再次执行 / a retry of an earlier request; nothing was done again")
    errors: list[UserError]


@strawberry.mutation(
    description="登记张贴或撤下的证明（照片），记入发布台账 / record a photo proving a publication was posted or removed",
    extensions=requires(Role.PUBLISHER),
)
async def attach_posting_proof(info: Info, input: AttachPostingProofInput) -> AttachPostingProofPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[dict[str, Any], bool]:
        release = release_id(input.release_id, "releaseId")
        earlier = await receipts.recorded(viewer.account_id, input.client_mutation_id, MUTATION)
        if earlier is not None:
            entry = await DB.fetchrow("select * from publication_ledger where id = $1", UUID(earlier["ledger_entry"]))
            assert entry is not None, "a receipt is written with its ledger entry"
            return entry, True
        declared = content_type_for(file_name(input.file_name), input.content_type)
        check_before_decoding(input.channel, declared, len(input.content_base64))
        upload = read_upload(input.file_name, input.content_base64, input.content_type, upload_limit(info.context.settings))
        proof = ProofUpload(
            release_id=release, channel=input.channel, kind=ProofKind[input.kind.name], data=upload.data,
            content_type=upload.content_type, taken_at=input.taken_at, note=input.note,
        )  # fmt: skip
        services = info.context.services
        recorded = await attach_proof(channels_of(services), key_ring(info.context.settings), viewer.tenant_id, proof)
        response = {"ledger_entry": str(recorded.ledger_entry["id"])}
        await receipts.record(viewer.tenant_id, viewer.account_id, input.client_mutation_id, MUTATION, response)
        return recorded.ledger_entry, False

    # The file itself is audited by its name and size; its SHA-256 is in the ledger entry.
    audited = {
        "releaseId": str(input.release_id), "channel": input.channel, "kind": input.kind.name,
        "fileName": input.file_name, "base64Length": len(input.content_base64),
    }  # fmt: skip
    outcome = await mutate(info, f"posting.{MUTATION}", audited, work, lambda r: ("PublicationLedgerEntry", str(r[0]["id"])))
    if outcome.value is None:
        return AttachPostingProofPayload(ledger_entry=None, proof=None, replayed=False, errors=outcome.errors)
    entry, replayed = outcome.value
    return AttachPostingProofPayload(
        ledger_entry=LedgerEntryType.from_row(entry), proof=PostingProofType.from_ledger(entry), replayed=replayed, errors=[]
    )
