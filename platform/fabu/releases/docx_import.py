"""Importing a Word draft: a new release, or a new version of an existing one.

The converted title and body replace the release's; its other fields stay. Embedded images
are stored in the object store and referenced from the body, and the original .docx is kept
as an attachment (replacing an earlier attachment of the same name).
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError
from fabu.identity.viewer import Viewer
from fabu.releases.attachments import store_original
from fabu.releases.content import AttachmentRef, ReleaseFields
from fabu.releases.docx_convert import ConvertedDocx, convert_docx
from fabu.releases.drafting import as_editor, ensure_drafts_for
from fabu.releases.kinds import DRAFTING_STATES, VersionKind
from fabu.releases.uploads import Upload
from fabu.releases.versions import (
    SavedVersion,
    add_attachment_rows,
    check_editable,
    create_release,
    lock_release,
    save_new_version,
)
from fabu.storage import TenantObjects


@dataclass(frozen=True)
class ImportedDocx:
    saved: SavedVersion
    messages: tuple[str, ...]
    """mammoth's notes on what it could not carry over (unknown styles and the like)."""


async def _convert_and_store(upload: Upload, objects: TenantObjects) -> tuple[ConvertedDocx, AttachmentRef]:
    """Convert first (an unreadable file stores nothing), then refuse markings, then store."""
    converted = await asyncio.to_thread(convert_docx, upload.data, upload.name)
    original = await store_original(objects, upload, "contentBase64")
    for image in converted.images:
        await objects.put_content(image.data, image.content_type)
    return converted, original


async def import_new_docx(viewer: Viewer, upload: Upload, lead_department_id: UUID, objects: TenantObjects) -> ImportedDocx:
    """A new release drafted from a Word file, for a department the viewer drafts for."""
    ensure_drafts_for(viewer, lead_department_id)
    converted, original = await _convert_and_store(upload, objects)
    fields = ReleaseFields(title=converted.title, body_html=converted.body_html, lead_department_id=lead_department_id)
    saved = await create_release(
        viewer.tenant_id, viewer.person_id, fields, objects=objects, kind=VersionKind.IMPORTED, attachments=[original]
    )
    return ImportedDocx(saved, converted.messages)


async def import_docx_version(
    viewer: Viewer, upload: Upload, release_id: UUID, expected_lock_version: int | None, objects: TenantObjects
) -> ImportedDocx:
    """A new version of an existing release whose title and body come from a Word file."""
    if expected_lock_version is None:
        raise FabuError(
            CommonErrorCode.REQUIRED,
            "导入为新版本时须提供 expectedVersion",
            "expectedVersion is required to import a new version",
            field="expectedVersion",
        )

    async def save(current: ReleaseFields) -> ImportedDocx:
        check_editable(await lock_release(release_id), expected_lock_version, DRAFTING_STATES)
        converted, original = await _convert_and_store(upload, objects)
        await DB.fetch("delete from release_attachments where release_id = $1 and name = $2", release_id, original.name)
        await add_attachment_rows(viewer.tenant_id, release_id, viewer.person_id, [original])
        fields = dataclasses.replace(current, title=converted.title, body_html=converted.body_html)
        saved = await save_new_version(
            release_id, viewer.person_id, fields, expected_lock_version=expected_lock_version, objects=objects,
            kind=VersionKind.IMPORTED,
        )  # fmt: skip
        return ImportedDocx(saved, converted.messages)

    return await as_editor(viewer, release_id, save, field="releaseId")
