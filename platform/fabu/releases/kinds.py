"""The vocabulary of a release: importance, sensitivity, how a version came about, editable states."""

from __future__ import annotations

from enum import StrEnum


class Importance(StrEnum):
    """How important a release is; with sensitivity it decides the approving level (审定权限)."""

    ROUTINE = "routine"
    IMPORTANT = "important"
    MAJOR = "major"

    @property
    def label_zh(self) -> str:
        return _IMPORTANCE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _IMPORTANCE_LABELS[self][1]


_IMPORTANCE_LABELS: dict[Importance, tuple[str, str]] = {
    Importance.ROUTINE: ("一般", "routine"),
    Importance.IMPORTANT: ("重要", "important"),
    Importance.MAJOR: ("重大", "major"),
}


class Sensitivity(StrEnum):
    """Whether a release is sensitive. There is deliberately no "classified" (涉密) level:
    classified material never enters Fabu, and content carrying a confidentiality marking is
    refused on save."""

    NORMAL = "normal"
    SENSITIVE = "sensitive"

    @property
    def label_zh(self) -> str:
        return _SENSITIVITY_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _SENSITIVITY_LABELS[self][1]


_SENSITIVITY_LABELS: dict[Sensitivity, tuple[str, str]] = {
    Sensitivity.NORMAL: ("普通", "normal"),
    Sensitivity.SENSITIVE: ("敏感", "sensitive"),
}


class VersionKind(StrEnum):
    """What made a version: recorded with it, shown in its history."""

    CREATED = "created"
    EDITED = "edited"
    IMPORTED = "imported"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_REMOVED = "attachment_removed"
    PROOFREAD = "proofread"
    """A proofreading correction made at the publication step (for the workflow engine's use)."""


DRAFTING_STATES: frozenset[str] = frozenset({"draft", "returned", "in_review", "ready"})
"""The ``workflow_state`` values in which drafters may edit a release. An edit after submission
is allowed on purpose: the workflow voids the approvals that no longer match the content and
sends the release back to the stage its template names. Rejected releases stay as they are."""
