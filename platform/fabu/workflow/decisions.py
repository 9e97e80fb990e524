"""The decisions a person can take on a task, and which task kinds accept which."""

from __future__ import annotations

from enum import StrEnum


class TaskKind(StrEnum):
    SUBMIT = "submit"  # a returned draft waits for the drafter to resubmit
    REVIEW = "review"  # any one of the actors decides for the stage
    OPINION = "opinion"  # one co-department's countersign opinion
    CONSOLIDATE = "consolidate"  # the lead department consolidates the countersign opinions
    RULING = "ruling"  # the supervising leader rules on a disagreement; the ruling binds
    APPROVAL = "approval"  # one approving level of the authority matrix, in order
    PROOFREAD = "proofread"  # a publisher proofreads the approved release before it is published


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    AGREE = "agree"
    DISAGREE = "disagree"
    ESCALATE = "escalate"
    CONFIRM = "confirm"

    @property
    def label_zh(self) -> str:
        return {
            "approve": "同意", "return": "退回", "reject": "不予发布",
            "agree": "会签同意", "disagree": "会签不同意", "escalate": "报请分管领导裁定",
            "confirm": "校对确认",
        }[self.value]

    @property
    def is_approval(self) -> bool:
        """Decisions that approve content: the four-eyes rule applies to them, and the publication
        ledger lists who took them. A proofreader's ``confirm`` is not one: it vouches for the
        proofreading, not for the content the approvers approved."""
        return self in (Decision.APPROVE, Decision.AGREE)


ALLOWED: dict[TaskKind, frozenset[Decision]] = {
    TaskKind.REVIEW: frozenset({Decision.APPROVE, Decision.RETURN, Decision.REJECT}),
    TaskKind.OPINION: frozenset({Decision.AGREE, Decision.DISAGREE}),
    TaskKind.CONSOLIDATE: frozenset({Decision.APPROVE, Decision.RETURN, Decision.REJECT, Decision.ESCALATE}),
    TaskKind.RULING: frozenset({Decision.APPROVE, Decision.RETURN, Decision.REJECT}),
    TaskKind.APPROVAL: frozenset({Decision.APPROVE, Decision.RETURN, Decision.REJECT}),
    TaskKind.PROOFREAD: frozenset({Decision.CONFIRM, Decision.RETURN, Decision.REJECT}),
    TaskKind.SUBMIT: frozenset(),
}
