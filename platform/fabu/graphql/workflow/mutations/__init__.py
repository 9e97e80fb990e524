"""Workflow mutations."""

import strawberry

from fabu.graphql.workflow.mutations.correct_proofread import correct_proofread
from fabu.graphql.workflow.mutations.set_delegation import set_delegation
from fabu.graphql.workflow.mutations.transitions import decide, submit_release, withdraw_release
from fabu.graphql.workflow.mutations.workflow_documents import apply_authority_matrix, apply_workflow_template


@strawberry.type
class WorkflowMutation:
    apply_workflow_template = apply_workflow_template
    apply_authority_matrix = apply_authority_matrix
    submit_release = submit_release
    decide = decide
    withdraw_release = withdraw_release
    correct_proofread = correct_proofread
    set_delegation = set_delegation


__all__ = ["WorkflowMutation"]
