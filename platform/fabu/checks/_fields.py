"""Names of the checked fields, as findings and reports spell them.

A field is one piece of text with its own offsets: ``title``, ``summary``, ``body``, an
attachment's extracted content ``attachment:<name>``, or one part of an attachment that is not
its content, ``attachment:<name>#<part>`` (``metadata.author``, ``comment.2``, ...). Findings
also carry the attachment's name separately, so nobody has to parse these strings.
"""

from __future__ import annotations

TITLE = "title"
SUMMARY = "summary"
BODY = "body"

_ATTACHMENT_PREFIX = "attachment:"


def attachment_field(name: str, part: str | None = None) -> str:
    """The field name for an attachment's content, or for one of its parts."""
    field = f"{_ATTACHMENT_PREFIX}{name}"
    return field if part is None else f"{field}#{part}"


def is_attachment_field(field: str) -> bool:
    """Whether the field belongs to an attachment."""
    return field.startswith(_ATTACHMENT_PREFIX)
