"""What drafters may do: draft for their own department, edit while the release is a draft.

A drafter (role DRAFTER) creates releases with a department they draft for as the lead
department. The creator, and anyone with DRAFTER in the lead department, may edit while the
release's ``workflow_state`` is one of ``DRAFTING_STATES`` ('draft', 'returned').
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import UUID

from fabu.errors import CommonErrorCode, FabuError
from fabu.identity.viewer import Viewer
from fabu.releases.content import ReleaseFields
from fabu.releases.kinds import DRAFTING_STATES, VersionKind
from fabu.releases.versions import SavedVersion, create_release, fields_from_row, lock_release, save_new_version
from fabu.storage import TenantObjects
from fabu.tenancy.roles import Role

T = TypeVar("T")


def ensure_drafts_for(viewer: Viewer, department_id: UUID) -> None:
    """Refuse a lead department the viewer does not draft for."""
    if not viewer.has_role(Role.DRAFTER, department_id):
        raise FabuError(
            CommonErrorCode.FORBIDDEN,
            "只能以自己担任采编人员的部门作为牵头部门",
            "the lead department must be one you are a drafter in",
            field="leadDepartmentId",
        )


def ensure_may_edit(viewer: Viewer, release: dict[str, Any]) -> None:
    """Refuse an editor who is neither the creator nor a drafter of the lead department."""
    if release["created_by_person_id"] != viewer.person_id and not viewer.has_role(Role.DRAFTER, release["lead_department_id"]):
        raise FabuError(
            CommonErrorCode.FORBIDDEN,
            "只有起草人或牵头部门的采编人员可以修改稿件",
            "only the creator or a drafter of the lead department may edit the release",
            field=None,
        )


async def create_draft(viewer: Viewer, fields: ReleaseFields, objects: TenantObjects) -> SavedVersion:
    """A drafter creates a release for a department they draft for."""
    ensure_drafts_for(viewer, fields.lead_department_id)
    return await create_release(viewer.tenant_id, viewer.person_id, fields, objects=objects)


async def as_editor(
    viewer: Viewer, release_id: UUID, action: Callable[[ReleaseFields], Awaitable[T]], field: str = "id"
) -> T:
    """Run ``action`` on the release's current fields once the viewer is allowed to edit it."""
    release = await lock_release(release_id, field)
    ensure_may_edit(viewer, release)
    return await action(fields_from_row(release))


async def edit_draft(
    viewer: Viewer,
    release_id: UUID,
    change: Callable[[ReleaseFields], ReleaseFields],
    expected_lock_version: int,
    objects: TenantObjects,
    kind: VersionKind = VersionKind.EDITED,
) -> SavedVersion:
    """Save ``change(current fields)`` as a new version, if the viewer may edit the release now."""

    async def save(current: ReleaseFields) -> SavedVersion:
        fields = change(current)
        if fields.lead_department_id != current.lead_department_id:
            ensure_drafts_for(viewer, fields.lead_department_id)
        return await save_new_version(
            release_id,
            viewer.person_id,
            fields,
            expected_lock_version=expected_lock_version,
            objects=objects,
            allowed_states=DRAFTING_STATES,
            kind=kind,
        )

    return await as_editor(viewer, release_id, save)
