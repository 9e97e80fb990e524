"""Severities and check codes: the vocabulary every finding is expressed in."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much a finding weighs on the workflow gate.

    ``fatal`` can never be overridden (confidentiality markings); ``blocking`` stops a gated
    stage unless a reviewer overrides it with a reason; ``warning`` and ``info`` never stop
    anything and exist to draw a person's attention.
    """

    FATAL = "fatal"
    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: fatal 3, blocking 2, warning 1, info 0."""
        return _RANK[self]

    @property
    def overridable(self) -> bool:
        """Whether a reviewer may override a finding of this severity (every one but fatal)."""
        return self is not Severity.FATAL

    @property
    def stops_gate(self) -> bool:
        """Whether an un-overridden finding of this severity stops a gated stage."""
        return self in (Severity.FATAL, Severity.BLOCKING)


_RANK = {Severity.FATAL: 3, Severity.BLOCKING: 2, Severity.WARNING: 1, Severity.INFO: 0}


class CheckCode(StrEnum):
    """What a finding is about; stable strings, safe to persist and to show in an API."""

    WRONG_EXPRESSION = "wrong_expression"
    SENSITIVE_WORD = "sensitive_word"
    RESIDENT_ID_NUMBER = "resident_id_number"
    MOBILE_NUMBER = "mobile_number"
    LANDLINE_NUMBER = "landline_number"
    BANK_CARD_NUMBER = "bank_card_number"
    EMAIL_ADDRESS = "email_address"
    CONFIDENTIALITY_MARKING = "confidentiality_marking"
    CONFIDENTIALITY_TERM = "confidentiality_term"
    LEADER_TITLE = "leader_title"
    NEAR_DUPLICATE = "near_duplicate"
    CONTRADICTION = "contradiction"
    ATTACHMENT_METADATA = "attachment_metadata"
    ATTACHMENT_COMMENTS = "attachment_comments"
    ATTACHMENT_REVISIONS = "attachment_revisions"
    ATTACHMENT_HIDDEN_CONTENT = "attachment_hidden_content"
    ATTACHMENT_UNREADABLE = "attachment_unreadable"
    ATTACHMENT_UNSUPPORTED = "attachment_unsupported"
    ATTACHMENT_TRUNCATED = "attachment_truncated"


#: Codes whose findings are fatal by nature; a tenant's severity settings never touch them.
FATAL_CODES: frozenset[CheckCode] = frozenset({CheckCode.CONFIDENTIALITY_MARKING})
