"""Telling the workflow about a new version, in the same transaction as the save.

``fabu.workflow.hooks.after_new_version`` voids approvals whose SHA-256 no longer matches, sends an
in-review release back where its template says, and stores the version's check report; a failure
inside it fails the save. The import is deferred to the call, so the releases domain does not load
the workflow (which reads releases) at import time.
"""

from __future__ import annotations

from uuid import UUID

from fabu.storage import TenantObjects


async def after_new_version(
    release_id: UUID, version_id: UUID, sha256: str, editor_person_id: UUID, objects: TenantObjects
) -> None:
    """Run the workflow's hook for a version just written (``objects`` holds its attachments)."""
    from fabu.workflow.hooks import after_new_version as workflow_after_new_version

    await workflow_after_new_version(release_id, version_id, sha256, editor_person_id, objects)
