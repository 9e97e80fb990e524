"""The kinds of stage a workflow template is made of."""

from __future__ import annotations

from enum import StrEnum


class StageKind(StrEnum):
    """What happens at a stage, and so who acts there and how.

    ``draft``: the drafter writes and submits. ``review``: one actor group; any one member decides.
    ``countersign`` (会签): every co-department gives an opinion in parallel, the lead department
    consolidates, the arbiter rules on disagreement. ``approval`` (审定): the approvers the authority
    matrix requires, in order, each must approve. ``proofread`` (发布前校对): one of the publishers
    proofreads the approved release again before it is published; they may correct typos within a
    bound without voiding the approvals. ``ready`` (terminal): ready to publish.
    ``rejected`` (terminal): not to be published.
    """

    DRAFT = "draft"
    REVIEW = "review"
    COUNTERSIGN = "countersign"
    APPROVAL = "approval"
    PROOFREAD = "proofread"
    READY = "ready"
    REJECTED = "rejected"

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def terminal(self) -> bool:
        """Whether a release at a stage of this kind has left the workflow (ready or rejected)."""
        return self in (StageKind.READY, StageKind.REJECTED)


_LABELS: dict[StageKind, tuple[str, str]] = {
    StageKind.DRAFT: ("起草", "draft"),
    StageKind.REVIEW: ("审核", "review"),
    StageKind.COUNTERSIGN: ("会签", "countersign"),
    StageKind.APPROVAL: ("审定", "approval"),
    StageKind.PROOFREAD: ("发布前校对", "proofread before publishing"),
    StageKind.READY: ("可发布", "ready to publish"),
    StageKind.REJECTED: ("不予发布", "rejected"),
}
