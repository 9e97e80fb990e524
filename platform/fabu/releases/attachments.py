"""Attachments: originals kept in the object store by SHA-256; each addition or removal is a new version.

A version's content lists its attachments (name, type, size, SHA-256), so approvals bind to
them too. Originals are never deleted from the store: earlier versions still reference them.
"""

from __future__ import annotations

import asyncio
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import not_found
from fabu.identity.viewer import Viewer
from fabu.releases.confidentiality import refuse_marked_file
from fabu.releases.content import AttachmentRef, ReleaseFields
from fabu.releases.drafting import as_editor
from fabu.releases.kinds import DRAFTING_STATES, VersionKind
from fabu.releases.uploads import Upload
from fabu.releases.versions import SavedVersion, add_attachment_rows, check_editable, lock_release, save_new_version
from fabu.storage import TenantObjects


async def store_original(objects: TenantObjects, upload: Upload, field: str) -> AttachmentRef:
    """Refuse a file carrying a confidentiality marking, else store it by content and describe it."""
    # Extracting a PDF's or Office file's text is CPU work: keep it off the event loop.
    await asyncio.to_thread(refuse_marked_file, upload.name, upload.data, upload.content_type, field)
    info = await objects.put_content(upload.data, upload.content_type)
    return AttachmentRef(name=upload.name, content_type=upload.content_type, size=info.size, sha256=info.sha256)


async def add_attachment(
    viewer: Viewer, release_id: UUID, upload: Upload, expected_lock_version: int, objects: TenantObjects
) -> tuple[SavedVersion, UUID]:
    """Attach ``upload`` to a release the viewer may edit; returns the new version and the attachment id."""

    async def add(current: ReleaseFields) -> tuple[SavedVersion, UUID]:
        check_editable(await lock_release(release_id), expected_lock_version, DRAFTING_STATES)
        attachment = await store_original(objects, upload, "contentBase64")
        [attachment_id] = await add_attachment_rows(viewer.tenant_id, release_id, viewer.person_id, [attachment])
        saved = await save_new_version(
            release_id, viewer.person_id, current, expected_lock_version=expected_lock_version, objects=objects,
            kind=VersionKind.ATTACHMENT_ADDED,
        )  # fmt: skip
        return saved, attachment_id

    return await as_editor(viewer, release_id, add, field="releaseId")


async def remove_attachment(viewer: Viewer, attachment_id: UUID, expected_lock_version: int, objects: TenantObjects) -> SavedVersion:
    """Detach an attachment from a release the viewer may edit; returns the new version."""
    row = await DB.fetchrow("select release_id from release_attachments where id = $1", attachment_id)
    if row is None:
        raise not_found("附件", "attachment")
    release_id: UUID = row["release_id"]

    async def remove(current: ReleaseFields) -> SavedVersion:
        check_editable(await lock_release(release_id), expected_lock_version, DRAFTING_STATES)
        await DB.fetch("delete from release_attachments where id = $1", attachment_id)
        return await save_new_version(
            release_id, viewer.person_id, current, expected_lock_version=expected_lock_version, objects=objects,
            kind=VersionKind.ATTACHMENT_REMOVED,
        )  # fmt: skip

    return await as_editor(viewer, release_id, remove)
