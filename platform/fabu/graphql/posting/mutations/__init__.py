"""Posting mutations, one per module."""

from __future__ import annotations

import strawberry

from fabu.graphql.posting.mutations.attach_posting_proof import attach_posting_proof


@strawberry.type
class PostingMutation:
    attach_posting_proof = attach_posting_proof
