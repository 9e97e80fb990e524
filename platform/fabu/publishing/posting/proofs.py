"""Proof of posting: a person's photo that a publication went up or came down, kept and ledgered.

In the caller's tenant transaction: the publication must exist in the unit (its latest ledger
entry on the channel), the channel must take proofs, and the file must fit the channel's
``proof_media``. The plugin's ``proof`` then checks what only the channel knows; once it accepted,
the file goes to the unit's object store under its SHA-256 and a ledger entry (state ``posted`` or
``removed``) records the file's key and hash with the plugin's details; the same file again adds
no second entry, even when two requests carry it at once. Any refusal raises a user error before anything is written.

Unlike a delivery, the plugin is called inside the transaction: the person waits for the answer,
and the channel's verdict decides whether anything is written. A plugin's ``proof`` is idempotent,
so if the ledger entry fails after the channel accepted, sending the photo again repairs it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from fabu.channels.api import Capability, Proof, ProofKind, ProofReceipt, PublicationRef
from fabu.channels.secrets import KeyRing, SecretsError
from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError
from fabu.publishing.calls import Channels
from fabu.publishing.installations import channel_config
from fabu.publishing.ledger import record_publication
from fabu.publishing.plugins import plugin
from fabu.publishing.posting.errors import PostingErrorCode
from fabu.publishing.posting.files import check_declared_proof, check_proof_file
from fabu.publishing.posting.plugin_calls import call_proof
from fabu.publishing.posting.reminders import settle_reminders
from fabu.releases.validation import clean_text
from fabu.storage import TenantObjects

MAX_NOTE = 500
"""The longest note a person may add to a proof, in characters."""


@dataclass(frozen=True)
class ProofUpload:
    """What a person submits: which publication, what the file shows, the file."""

    release_id: UUID
    channel: str
    kind: ProofKind
    data: bytes
    content_type: str
    taken_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class RecordedProof:
    """A proof as recorded: its ledger entry, where the file is kept, and the channel's receipt."""

    ledger_entry: dict[str, Any]
    object_key: str
    sha256: str
    size: int
    content_type: str
    receipt: ProofReceipt


async def latest_publication(release_id: UUID, channel: str) -> dict[str, Any]:
    """The newest ledger entry of the release on the channel; NOT_PUBLISHED when there is none in this unit."""
    row = await DB.fetchrow(
        "select * from publication_ledger where release_id = $1 and channel = $2 order by recorded_at desc, id desc limit 1",
        release_id, channel,
    )  # fmt: skip
    if row is None:
        raise FabuError(
            PostingErrorCode.NOT_PUBLISHED,
            f"该稿件未在渠道 {channel} 发布，无法登记证明",
            f"the release has no publication on channel {channel} to prove",
            field="releaseId",
        )
    return row


def check_before_decoding(channel: str, content_type: str, base64_length: int) -> None:
    """Refuse a proof sent as base64 by its declared type and its length, before its bytes are decoded.

    Only for a channel that takes proofs; anything else about the channel is ``attach_proof``'s to say.
    """
    try:
        found = plugin(channel)
    except FabuError:
        return
    if Capability.PROOF in found.capabilities:
        check_declared_proof(content_type, base64_length, found.limits.proof_media)


def _proof(upload: ProofUpload, now: datetime) -> Proof:
    if upload.taken_at is not None and upload.taken_at.tzinfo is None:
        raise FabuError(CommonErrorCode.INVALID, "拍摄时间须带时区", "takenAt must carry a time zone", field="takenAt")
    if upload.taken_at is not None and upload.taken_at > now:
        raise FabuError(CommonErrorCode.INVALID, "拍摄时间不能晚于现在", "takenAt cannot be in the future", field="takenAt")
    note = clean_text(upload.note, "note", "备注", "note", MAX_NOTE, one_line=False)
    return Proof.of(upload.kind, upload.data, upload.content_type, taken_at=upload.taken_at, note=note)


async def attach_proof(channels: Channels, ring: KeyRing, tenant_id: UUID, upload: ProofUpload) -> RecordedProof:
    """Check, hand to the channel, keep and ledger one proof; a user error and nothing written otherwise."""
    latest = await latest_publication(upload.release_id, upload.channel)
    found = plugin(upload.channel)
    if Capability.PROOF not in found.capabilities:
        raise FabuError(
            PostingErrorCode.PROOF_NOT_SUPPORTED,
            f"渠道 {found.display_name.zh} 不接受张贴证明",
            f"channel {found.display_name.en} does not take proofs of posting",
            field="channel",
        )
    check_proof_file(upload.data, upload.content_type, found.limits.proof_media)
    proof = _proof(upload, channels.clock())
    try:
        config = await channel_config(tenant_id, ring, upload.channel)
    except SecretsError as error:
        raise FabuError(
            PostingErrorCode.CHANNEL_UNAVAILABLE, f"渠道配置无法解密：{error}", f"the channel config cannot be decrypted: {error}",
            field="channel",
        ) from None  # fmt: skip
    # The same photo sent twice at once (a double click, a retry racing the first request): the
    # second waits here for the first to commit, then finds its ledger entry below.
    await DB.fetch(
        "select pg_advisory_xact_lock(hashtextextended('posting-proof:' || $1::text || ':' || $2 || ':' || $3 || ':' || $4, 0))",
        str(upload.release_id), upload.channel, upload.kind.value, proof.sha256,
    )  # fmt: skip
    ids: dict[str, str] = json.loads(latest["external_ids"])
    ref = PublicationRef(
        release_id=upload.release_id, tenant_id=tenant_id, title=latest["title"], external_ids=ids, url=latest["url"]
    )
    receipt = await call_proof(channels, found, config, tenant_id, ref, proof)
    # Stored only once the channel accepted it: a refused proof leaves no file behind.
    info = await TenantObjects(channels.store, tenant_id).put_content(upload.data, upload.content_type)
    object_key = TenantObjects.content_key(info.sha256)
    details = {
        "proof": upload.kind.value,
        "object_key": object_key,
        "sha256": info.sha256,
        "size": info.size,
        "content_type": upload.content_type,
        "taken_at": upload.taken_at.isoformat() if upload.taken_at else None,
        "note": proof.note,
        "channel_state": receipt.state.value,
        "channel_message": str(receipt.message),
        "channel_details": receipt.details,
    }
    # The same photo again (a retry after a failure, a double click) is recorded once.
    known = await DB.fetchrow(
        """select * from publication_ledger where release_id = $1 and channel = $2 and state = $3
           and receipt ->> 'sha256' = $4 order by recorded_at limit 1""",
        upload.release_id, upload.channel, upload.kind.value, info.sha256,
    )  # fmt: skip
    if known is not None:
        return RecordedProof(known, object_key, info.sha256, info.size, upload.content_type, receipt)
    publication = {
        "id": latest["outbox_id"], "release_id": upload.release_id, "version_number": latest["version_number"],
        "channel": upload.channel, "content_sha256": latest["content_sha256"],
    }  # fmt: skip
    entry = await record_publication(
        tenant_id, publication, state=upload.kind.value, title=latest["title"], summary=latest["summary"], external_ids=ids,
        url=latest["url"], published_at=latest["published_at"], raw=details,
    )  # fmt: skip
    await settle_reminders(upload.release_id, upload.channel, upload.kind, channels.clock())
    return RecordedProof(entry, object_key, info.sha256, info.size, upload.content_type, receipt)
