"""Proof of posting: a photo of the notice on the board, and one of the empty spot after removal.

The plugin never keeps the photos (they are evidence, not public files): the platform stores the
bytes in its own object store and ledgers the proof. :func:`make_proof` checks one photo and
describes it, and the plugin records that description on the notice so that ``status`` knows the
notice is up, or down.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from fabu.channels import Bilingual, Proof, ProofKind, ProofRejectedError

__all__ = ["MAX_PHOTO_BYTES", "PostingProof", "make_proof"]

MAX_PHOTO_BYTES: Final = 20 * 1024 * 1024
_SIGNATURES: Final = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}


class PostingProof(BaseModel):
    """One proof, as the board's record keeps it."""

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
    def label(self) -> Bilingual:
        """What the photo shows, for people."""
        if self.kind is ProofKind.POSTED:
            return Bilingual(zh="张贴照片", en="photo of the posted notice")
        return Bilingual(zh="撤下照片", en="photo after removal")


def _rejected(code: str, field: str, zh: str, en: str) -> ProofRejectedError:
    return ProofRejectedError(code, Bilingual(zh=zh, en=en), field=field)


def make_proof(release_id: UUID, proof: Proof, *, revision: int, recorded_at: datetime) -> PostingProof:
    """Check the photo is a JPEG, PNG or WebP image of a sane size, taken in the past, and describe it."""
    content_type, photo = proof.content_type, proof.content
    signatures = _SIGNATURES.get(content_type)
    if signatures is None:
        raise _rejected(
            "photo_type_not_allowed",
            "content_type",
            f"照片须为 JPEG、PNG 或 WebP，而不是 {content_type}",
            f"the photo must be JPEG, PNG or WebP, not {content_type}",
        )
    if not photo.startswith(signatures):
        raise _rejected("photo_not_an_image", "content", f"文件内容不是 {content_type} 图片", f"the file is not a {content_type} image")
    if len(photo) > MAX_PHOTO_BYTES:
        raise _rejected("photo_too_large", "content", "照片超过 20 MB", "the photo is larger than 20 MB")
    taken_at = proof.taken_at or recorded_at
    if taken_at > recorded_at:
        raise _rejected("photo_taken_in_future", "taken_at", "拍摄时间晚于当前时间", "the photo was taken in the future")
    return PostingProof(
        release_id=release_id,
        kind=proof.kind,
        revision=revision,
        sha256=proof.sha256,
        size=len(photo),
        content_type=content_type,
        taken_at=taken_at,
        recorded_at=recorded_at,
        note=proof.note.strip(),
    )
