"""What other domains tell the workflow: a release got a new version."""

from __future__ import annotations

from uuid import UUID

from fabu.checking import check_version, release_attachments
from fabu.db.engine import DB
from fabu.db.session import current_tenant_id
from fabu.releases.kinds import VersionKind
from fabu.storage import TenantObjects
from fabu.workflow.engine import content_changed


async def after_new_version(
    release_id: UUID, version_id: UUID, sha256: str, editor_person_id: UUID, objects: TenantObjects
) -> None:
    """Check the new version with its attachments and store the report (feedback on every save; the
    gates judge it later); void approvals bound to other versions; send an in-review release back
    where the template says. A proofreading correction keeps the approvals (``fabu.workflow.proofreading``
    bounds it and records its diff)."""
    tenant_id = await current_tenant_id()
    assert tenant_id is not None, "a release is saved inside its tenant's transaction"
    await check_version(tenant_id, release_id, attachments=await release_attachments(release_id, objects))
    version = await DB.fetchrow("select kind from release_versions where id = $1", version_id)
    if version is not None and version["kind"] == VersionKind.PROOFREAD:
        return
    await content_changed(tenant_id, release_id, sha256, editor_person_id)
