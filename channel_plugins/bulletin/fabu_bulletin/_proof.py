"""Proof of posting: a photo of the notice on the board, and one of the empty spot after removal.

The plugin never keeps the photos (they are evidence, not public files): :func:`make_proof` checks
one and describes it, the platform stores the bytes in its own object store under
:attr:`PostingProof.storage_key` and appends :meth:`PostingProof.ledger_details` to the
publication ledger, and the plugin records the proof's hash on the notice so that ``status``
knows the notice is up, or down.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Final
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue

__all__ = ["MAX_PHOTO_BYTES", "PostingProof", "ProofKind", "ProofRejectedError", "make_proof"]

MAX_PHOTO_BYTES: Final = 20 * 1024 * 1024
_SIGNATURES: Final = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}
_EXTENSIONS: Final = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class ProofKind(StrEnum):
    """What a photo proves."""

    POSTED = "posted"
    """The notice hangs on the board (拍照留证：已张贴)."""
    REMOVED = "removed"
    """The notice was taken down (拍照留证：已撤下)."""


class ProofRejectedError(ValueError):
    """The photo cannot serve as proof; the message says why, Chinese first."""


class PostingProof(BaseModel):
    """One proof, as the ledger records it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    release_id: UUID
    kind: ProofKind
    revision: int = Field(ge=1)
    """The notice's revision the photo shows (an update must be posted again)."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=1)
    content_type: str
    taken_at: AwareDatetime
    recorded_at: AwareDatetime
    note: str = ""

    @property
    def storage_key(self) -> str:
        """Where the platform should keep the photo, relative to the tenant's private objects."""
        return (
            f"bulletin/proofs/{self.release_id}/{self.kind.value}-{self.sha256[:16]}.{_EXTENSIONS[self.content_type]}"
        )

    def ledger_details(self) -> dict[str, JsonValue]:
        """The ledger entry's details: what, which revision, when, and the photo's hash and key."""
        details: dict[str, JsonValue] = self.model_dump(mode="json")
        details["storage_key"] = self.storage_key
        details["label"] = (
            "张贴照片 / photo of the posted notice"
            if self.kind is ProofKind.POSTED
            else "撤下照片 / photo after removal"
        )
        return details


def make_proof(
    release_id: UUID,
    kind: ProofKind,
    photo: bytes,
    content_type: str,
    *,
    revision: int,
    taken_at: datetime,
    recorded_at: datetime,
    note: str = "",
) -> PostingProof:
    """Check ``photo`` is a JPEG, PNG or WebP image of a sane size, and describe it."""
    signatures = _SIGNATURES.get(content_type)
    if signatures is None:
        raise ProofRejectedError(
            f"照片须为 JPEG、PNG 或 WebP，而不是 {content_type} / the photo must be JPEG, PNG or WebP, not {content_type}"
        )
    if not photo or not photo.startswith(signatures):
        raise ProofRejectedError(f"文件内容不是 {content_type} 图片 / the file is not a {content_type} image")
    if len(photo) > MAX_PHOTO_BYTES:
        raise ProofRejectedError("照片超过 20 MB / the photo is larger than 20 MB")
    if taken_at > recorded_at:
        raise ProofRejectedError("拍摄时间晚于当前时间 / the photo was taken in the future")
    return PostingProof(
        release_id=release_id,
        kind=kind,
        revision=revision,
        sha256=hashlib.sha256(photo).hexdigest(),
        size=len(photo),
        content_type=content_type,
        taken_at=taken_at,
        recorded_at=recorded_at,
        note=note.strip(),
    )
