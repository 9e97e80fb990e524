"""Saving a release: every save writes an immutable, numbered, hashed version and updates the release.

These functions check the content, the release's state and its lock version, not who is
saving: callers decide that (``fabu.releases.drafting`` for drafters; the workflow engine for
later stages, under its own rules). All run in the caller's tenant transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError, not_found
from fabu.releases.confidentiality import refuse_marked_fields
from fabu.releases.content import (
    AttachmentRef,
    ReleaseContent,
    ReleaseFields,
    Source,
    content_sha256,
    variants_document,
    variants_from_document,
)
from fabu.releases.errors import ReleaseErrorCode
from fabu.releases.kinds import DRAFTING_STATES, Importance, Sensitivity, VersionKind
from fabu.releases.media import check_media
from fabu.releases.references import check_references
from fabu.releases.validation import normalize_fields
from fabu.releases.workflow_hook import after_new_version
from fabu.storage import TenantObjects

Row = dict[str, Any]


@dataclass(frozen=True)
class SavedVersion:
    """The outcome of a save. ``created`` is False when the content was unchanged (no new version)."""

    release_id: UUID
    version_id: UUID
    number: int
    sha256: str
    lock_version: int
    created: bool = True


async def lock_release(release_id: UUID, field: str = "id") -> Row:
    """The release row, locked for update until the transaction ends, with its current version's hash.

    NOT_FOUND (naming ``field``) for a release that does not exist or belongs to another unit.
    """
    # The lock is taken on the release alone, then the version is read: a locking read joined to the
    # version would lose the row when a concurrent save moved the current version while it waited.
    await DB.fetch("select 1 from releases where id = $1 for update", release_id)
    row = await DB.fetchrow(
        """select r.*, v.sha256 as current_sha256 from releases r
           join release_versions v on v.tenant_id = r.tenant_id and v.id = r.current_version_id
           where r.id = $1""",
        release_id,
    )
    if row is None:
        raise not_found("信息稿件", "release", field=field)
    return row


def check_editable(row: Row, expected_lock_version: int, allowed_states: Collection[str]) -> None:
    """Refuse a save in a state that does not allow it, or based on a stale read."""
    if row["workflow_state"] not in allowed_states:
        raise FabuError(
            ReleaseErrorCode.NOT_EDITABLE,
            f"稿件当前处于“{row['workflow_state']}”状态，不能修改",
            f"the release is in state “{row['workflow_state']}” and cannot be edited",
            field=None,
        )
    if row["lock_version"] != expected_lock_version:
        raise FabuError(
            CommonErrorCode.CONFLICT,
            f"稿件已被他人修改（当前版本 {row['lock_version']}，你提交的是 {expected_lock_version}），请刷新后重试",
            f"the release was changed meanwhile (now at {row['lock_version']}, you sent {expected_lock_version}); "
            "reload and try again",
            field="expectedVersion",
        )


def fields_from_row(row: Row) -> ReleaseFields:
    """The editable fields as the ``releases`` row holds them."""
    sources = row["sources"]
    if isinstance(sources, str):
        sources = json.loads(sources)
    variants = row["variants"]
    if isinstance(variants, str):
        variants = json.loads(variants)
    return ReleaseFields(
        title=row["title"],
        summary=row["summary"],
        body_html=row["body_html"],
        category_id=row["category_id"],
        importance=Importance(row["importance"]),
        sensitivity=Sensitivity(row["sensitivity"]),
        lead_department_id=row["lead_department_id"],
        co_department_ids=tuple(row["co_department_ids"]),
        sources=tuple(Source(**source) for source in sources),
        channels=tuple(row["channels"]),
        scheduled_at=row["scheduled_at"],
        variants=variants_from_document(variants),
    )


async def current_fields(release_id: UUID) -> ReleaseFields:
    """The release's current fields: start here, replace what changes, pass to ``save_new_version``."""
    row = await DB.fetchrow("select * from releases where id = $1", release_id)
    if row is None:
        raise not_found("信息稿件", "release")
    return fields_from_row(row)


async def _attachments(release_id: UUID) -> tuple[AttachmentRef, ...]:
    rows = await DB.fetch("select name, content_type, size, sha256 from release_attachments where release_id = $1", release_id)
    return tuple(AttachmentRef(row["name"], row["content_type"], row["size"], row["sha256"]) for row in rows)


async def _validated(fields: ReleaseFields, previous: ReleaseFields | None, objects: TenantObjects) -> ReleaseFields:
    fields = normalize_fields(fields, previous=previous, now=datetime.now(UTC))
    refuse_marked_fields(fields)
    await check_references(fields)
    await check_media(fields.body_html, objects)
    return fields


_FIELD_COLUMNS = (
    "title, summary, body_html, category_id, importance, sensitivity, lead_department_id, sources, channels, scheduled_at, "
    "variants"
)


def _field_values(fields: ReleaseFields) -> list[Any]:
    document = ReleaseContent(fields).to_document()
    return [
        fields.title, fields.summary, fields.body_html, fields.category_id, fields.importance.value,
        fields.sensitivity.value, fields.lead_department_id, json.dumps(document["sources"], ensure_ascii=False),
        list(fields.channels), fields.scheduled_at, json.dumps(variants_document(fields.variants), ensure_ascii=False),
    ]  # fmt: skip


async def _insert_version(
    tenant_id: UUID, release_id: UUID, version_id: UUID, number: int, kind: VersionKind, content: ReleaseContent, author: UUID
) -> str:
    document = content.to_document()
    sha256 = content_sha256(document)
    await DB.fetch(
        """insert into release_versions (id, tenant_id, release_id, number, kind, content, sha256, author_person_id)
           values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)""",
        version_id, tenant_id, release_id, number, kind.value, json.dumps(document, ensure_ascii=False), sha256, author,
    )  # fmt: skip
    return sha256


async def _set_co_departments(tenant_id: UUID, release_id: UUID, departments: Sequence[UUID]) -> None:
    # A trigger copies the rows into releases.co_department_ids.
    await DB.fetch(
        "delete from release_co_departments where release_id = $1 and not (department_id = any($2::uuid[]))",
        release_id,
        list(departments),
    )
    await DB.fetch(
        """insert into release_co_departments (tenant_id, release_id, department_id)
           select $1, $2, unnest($3::uuid[]) on conflict do nothing""",
        tenant_id,
        release_id,
        list(departments),
    )


async def add_attachment_rows(tenant_id: UUID, release_id: UUID, author: UUID, attachments: Sequence[AttachmentRef]) -> list[UUID]:
    """Record stored originals as the release's attachments; a name already in use is a DUPLICATE."""
    ids = []
    for attachment in attachments:
        rows = await DB.fetch(
            """insert into release_attachments (tenant_id, release_id, name, content_type, size, sha256, object_key,
                   added_by_person_id)
               values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (tenant_id, release_id, name) do nothing returning id""",
            tenant_id, release_id, attachment.name, attachment.content_type, attachment.size, attachment.sha256,
            TenantObjects.content_key(attachment.sha256), author,
        )  # fmt: skip
        if not rows:
            raise FabuError(
                CommonErrorCode.DUPLICATE,
                f"已有名为“{attachment.name}”的附件",
                f"an attachment named “{attachment.name}” already exists",
                field="fileName",
            )
        ids.append(rows[0]["id"])
    return ids


async def create_release(
    tenant_id: UUID,
    author_person_id: UUID,
    fields: ReleaseFields,
    *,
    objects: TenantObjects,
    kind: VersionKind = VersionKind.CREATED,
    attachments: Sequence[AttachmentRef] = (),
) -> SavedVersion:
    """Create a release in state 'draft' with its version 1 (with ``attachments``, already stored)."""
    fields = await _validated(fields, None, objects)
    release_id, version_id = uuid.uuid4(), uuid.uuid4()
    # The release points at its current version through a deferred foreign key, checked at commit.
    await DB.fetch(
        f"""insert into releases (id, tenant_id, {_FIELD_COLUMNS}, current_version_id, current_version_number,
               lock_version, created_by_person_id, last_edited_by_person_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::jsonb, $14, 1, 1, $15, $15)""",
        release_id, tenant_id, *_field_values(fields), version_id, author_person_id,
    )  # fmt: skip
    await _set_co_departments(tenant_id, release_id, fields.co_department_ids)
    await add_attachment_rows(tenant_id, release_id, author_person_id, attachments)
    content = ReleaseContent(fields, await _attachments(release_id))
    sha256 = await _insert_version(tenant_id, release_id, version_id, 1, kind, content, author_person_id)
    await after_new_version(release_id, version_id, sha256, author_person_id, objects)
    return SavedVersion(release_id, version_id, 1, sha256, 1)


async def save_new_version(
    release_id: UUID,
    editor_person_id: UUID,
    fields: ReleaseFields,
    *,
    expected_lock_version: int,
    objects: TenantObjects,
    allowed_states: Collection[str] = DRAFTING_STATES,
    kind: VersionKind = VersionKind.EDITED,
) -> SavedVersion:
    """Save ``fields`` (and the release's current attachments) as the next version.

    Locks the release row, refuses a ``workflow_state`` outside ``allowed_states`` (NOT_EDITABLE)
    and a stale ``expected_lock_version`` (CONFLICT), validates and sanitizes the fields, refuses
    confidentiality markings, writes version N+1 with its SHA-256, updates the release (bumping
    ``lock_version``) and calls the workflow hook with the new version, all in the caller's
    transaction. Content identical to the current version is not saved again: the current version
    comes back with ``created=False``. Whether ``editor_person_id`` may edit is the caller's check.
    """
    row = await lock_release(release_id)
    check_editable(row, expected_lock_version, allowed_states)
    previous = fields_from_row(row)
    fields = await _validated(fields, previous, objects)
    content = ReleaseContent(fields, await _attachments(release_id))
    if content_sha256(content.to_document()) == row["current_sha256"]:
        return SavedVersion(
            release_id, row["current_version_id"], row["current_version_number"], row["current_sha256"], row["lock_version"], False
        )
    tenant_id: UUID = row["tenant_id"]
    version_id, number = uuid.uuid4(), row["current_version_number"] + 1
    sha256 = await _insert_version(tenant_id, release_id, version_id, number, kind, content, editor_person_id)
    updated = await DB.fetchrow(
        f"""update releases set ({_FIELD_COLUMNS}) = ($2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12::jsonb),
               current_version_id = $13, current_version_number = $14, lock_version = lock_version + 1,
               last_edited_by_person_id = $15, updated_at = now()
            where id = $1 returning lock_version""",
        release_id, *_field_values(fields), version_id, number, editor_person_id,
    )  # fmt: skip
    assert updated is not None
    await _set_co_departments(tenant_id, release_id, fields.co_department_ids)
    await after_new_version(release_id, version_id, sha256, editor_person_id, objects)
    return SavedVersion(release_id, version_id, number, sha256, updated["lock_version"])
