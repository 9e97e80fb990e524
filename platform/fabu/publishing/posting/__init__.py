"""Channels people tend: proofs of posting (a photo that a notice went up or came down, kept and
ledgered) and the daily upkeep of channels (their periodic work, and reminders told to the unit's
publishers once). Channel-neutral: it uses the SDK's ``PROOF`` and ``UPKEEP`` capabilities.

The jobs are in :mod:`fabu.publishing.posting.jobs`; the GraphQL in ``fabu.graphql.posting``.
"""

from fabu.publishing.posting.errors import PostingErrorCode
from fabu.publishing.posting.proofs import ProofUpload, RecordedProof, attach_proof, check_before_decoding
from fabu.publishing.posting.upkeep import UpkeepRun, upkeep_all, upkeep_tenant

__all__ = [
    "PostingErrorCode",
    "ProofUpload",
    "RecordedProof",
    "UpkeepRun",
    "attach_proof",
    "check_before_decoding",
    "upkeep_all",
    "upkeep_tenant",
]
