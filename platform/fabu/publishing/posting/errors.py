"""Error codes of proofs of posting and of reminders."""

from __future__ import annotations

from enum import StrEnum


class PostingErrorCode(StrEnum):
    NOT_PUBLISHED = "NOT_PUBLISHED"
    """The release has no publication on the channel in this unit."""
    PROOF_NOT_SUPPORTED = "PROOF_NOT_SUPPORTED"
    """The channel does not take proofs."""
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    """The file's type is not one the channel accepts as proof."""
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    """The file is larger than the channel accepts as proof."""
    FILE_NOT_AS_DECLARED = "FILE_NOT_AS_DECLARED"
    """The file's bytes are not the image type it claims to be."""
    PROOF_REJECTED = "PROOF_REJECTED"
    """The channel refused the proof, saying why."""
    CHANNEL_UNAVAILABLE = "CHANNEL_UNAVAILABLE"
    """The channel could not take the proof now; nothing was recorded."""
