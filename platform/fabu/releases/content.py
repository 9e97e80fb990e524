"""A release's content, its canonical JSON form and the SHA-256 that approvals bind to.

Every version stores its content as a JSON document and the SHA-256 of that document's
canonical serialization. The canonical form (``CONTENT_SCHEMA`` 1) is::

    {
      "schema": 1,
      "title": "...", "summary": "...", "body_html": "<p>...</p>",   sanitized, as stored
      "category_id": "<uuid>" | null,
      "importance": "routine" | "important" | "major",
      "sensitivity": "normal" | "sensitive",
      "lead_department_id": "<uuid>",
      "co_department_ids": ["<uuid>", ...],                          sorted
      "sources": [{"claim", "source_title", "source_url", "document_reference"}, ...],  as ordered
      "channels": ["...", ...],                                      as ordered
      "scheduled_at": "2026-12-01T08:00:00.000000Z" | null,          UTC, microseconds, "Z"
      "attachments": [{"name", "content_type", "size", "sha256"}, ...]  sorted by (name, sha256)
      "variants": {"<channel>": {"<field>": <JSON value>, ...}, ...}   only when there is one
    }

serialized as UTF-8 JSON with object keys sorted, no insignificant white space
(separators ``,`` and ``:``), non-ASCII characters written as themselves (not ``\\u`` escapes)
and no floating-point numbers. ``variants`` (each target channel's own fields, e.g. a short Weibo
text) is left out when a release has none, so versions saved before variants existed keep their
hash. UUIDs are lowercase with hyphens. Anyone holding a version's
``content`` can recompute its hash with :func:`canonical_json` and :func:`content_sha256`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fabu.releases.kinds import Importance, Sensitivity

CONTENT_SCHEMA = 1


@dataclass(frozen=True)
class Source:
    """What backs a figure or a policy citation: the claim, and the source it was checked against."""

    claim: str
    source_title: str
    source_url: str = ""
    document_reference: str = ""


@dataclass(frozen=True)
class AttachmentRef:
    """An attachment as a version records it: the original is in the object store under its SHA-256."""

    name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ChannelVariant:
    """One channel's own fields of a release (a WeChat digest, a Weibo text...), as its plugin reads them.

    ``fields`` is a JSON object of strings, integers, booleans, null, lists and objects (no floats,
    so the canonical form stays exact); the channel's plugin validates it before scheduling.
    """

    channel: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class ReleaseFields:
    """Every field a person edits; attachments are added and removed on their own."""

    title: str
    lead_department_id: UUID
    summary: str = ""
    body_html: str = ""
    category_id: UUID | None = None
    importance: Importance = Importance.ROUTINE
    sensitivity: Sensitivity = Sensitivity.NORMAL
    co_department_ids: tuple[UUID, ...] = ()
    sources: tuple[Source, ...] = ()
    channels: tuple[str, ...] = ()
    scheduled_at: datetime | None = None
    variants: tuple[ChannelVariant, ...] = ()

    def variant(self, channel: str) -> dict[str, Any]:
        """The fields of ``channel``'s variant; empty when it has none."""
        return next((v.fields for v in self.variants if v.channel == channel), {})


def variants_document(variants: tuple[ChannelVariant, ...]) -> dict[str, dict[str, Any]]:
    """The variants as one JSON object, by channel."""
    return {v.channel: v.fields for v in variants}


def variants_from_document(document: dict[str, Any]) -> tuple[ChannelVariant, ...]:
    """The variants a JSON object by channel holds, sorted by channel."""
    return tuple(ChannelVariant(channel, dict(fields)) for channel, fields in sorted(document.items()))


@dataclass(frozen=True)
class ReleaseContent:
    """What one version holds: the fields and the attachments at that moment."""

    fields: ReleaseFields
    attachments: tuple[AttachmentRef, ...] = field(default=())

    def to_document(self) -> dict[str, Any]:
        """The canonical JSON document (see the module docstring)."""
        f = self.fields
        document: dict[str, Any] = {
            "schema": CONTENT_SCHEMA,
            "title": f.title,
            "summary": f.summary,
            "body_html": f.body_html,
            "category_id": str(f.category_id) if f.category_id else None,
            "importance": f.importance.value,
            "sensitivity": f.sensitivity.value,
            "lead_department_id": str(f.lead_department_id),
            "co_department_ids": sorted(str(d) for d in f.co_department_ids),
            "sources": [
                {
                    "claim": s.claim,
                    "source_title": s.source_title,
                    "source_url": s.source_url,
                    "document_reference": s.document_reference,
                }
                for s in f.sources
            ],
            "channels": list(f.channels),
            "scheduled_at": format_instant(f.scheduled_at),
            "attachments": [
                {"name": a.name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
                for a in sorted(self.attachments, key=lambda a: (a.name, a.sha256))
            ],
        }
        if f.variants:
            document["variants"] = variants_document(f.variants)
        return document

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> ReleaseContent:
        """Read back a stored version's content."""
        if document.get("schema") != CONTENT_SCHEMA:
            raise ValueError(f"未知的内容格式 / unknown content schema: {document.get('schema')!r}")
        scheduled = document["scheduled_at"]
        fields = ReleaseFields(
            title=document["title"],
            summary=document["summary"],
            body_html=document["body_html"],
            category_id=UUID(document["category_id"]) if document["category_id"] else None,
            importance=Importance(document["importance"]),
            sensitivity=Sensitivity(document["sensitivity"]),
            lead_department_id=UUID(document["lead_department_id"]),
            co_department_ids=tuple(UUID(d) for d in document["co_department_ids"]),
            sources=tuple(Source(**s) for s in document["sources"]),
            channels=tuple(document["channels"]),
            scheduled_at=datetime.fromisoformat(scheduled) if scheduled else None,
            variants=variants_from_document(document.get("variants", {})),
        )
        attachments = tuple(AttachmentRef(**a) for a in document["attachments"])
        return cls(fields=fields, attachments=attachments)


def format_instant(value: datetime | None) -> str | None:
    """A timezone-aware instant as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(document: dict[str, Any]) -> bytes:
    """The canonical serialization of a content document."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def content_sha256(document: dict[str, Any]) -> str:
    """Lowercase hex SHA-256 of the canonical serialization: a version's ``sha256``."""
    return hashlib.sha256(canonical_json(document)).hexdigest()
