"""updateRelease: save changed fields as a new version, guarded by the version last read.

Fields left out (or null) stay as they are; ``categoryId`` and ``scheduledAt`` set to null are
cleared, and an empty list clears a list.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.releases.enums import ImportanceEnum, SensitivityEnum
from fabu.graphql.releases.inputs import category_id, department_id, department_ids, release_id
from fabu.graphql.releases.mutations.payloads import saved_release
from fabu.graphql.releases.source_type import ReleaseSourceInput
from fabu.graphql.releases.support import tenant_objects
from fabu.graphql.releases.types import ReleaseType
from fabu.graphql.releases.variant_type import ReleaseVariantInput, variants_from_input
from fabu.releases import drafting
from fabu.releases.content import ReleaseFields
from fabu.releases.kinds import Importance, Sensitivity


@strawberry.input
class UpdateReleaseInput:
    id: relay.GlobalID
    expected_version: int = strawberry.field(description="读取时的 lockVersion；已被他人修改则报 CONFLICT / the lockVersion you read")
    title: str | None = strawberry.UNSET
    summary: str | None = strawberry.UNSET
    body_html: str | None = strawberry.UNSET
    category_id: relay.GlobalID | None = strawberry.field(default=strawberry.UNSET, description="null 清除 / null clears it")
    importance: ImportanceEnum | None = strawberry.UNSET
    sensitivity: SensitivityEnum | None = strawberry.UNSET
    lead_department_id: relay.GlobalID | None = strawberry.UNSET
    co_department_ids: list[relay.GlobalID] | None = strawberry.UNSET
    sources: list[ReleaseSourceInput] | None = strawberry.UNSET
    channels: list[str] | None = strawberry.UNSET
    scheduled_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="null 清除 / null clears it")
    variants: list[ReleaseVariantInput] | None = strawberry.field(
        default=strawberry.UNSET, description="替换全部渠道专属内容；空列表清除 / replaces every variant; an empty list clears them"
    )

    def changes(self) -> dict[str, Any]:
        """The domain fields this input changes."""
        changes: dict[str, Any] = {}
        for name in ("title", "summary", "body_html"):
            if getattr(self, name) not in (strawberry.UNSET, None):
                changes[name] = getattr(self, name)
        if self.category_id is not strawberry.UNSET:
            changes["category_id"] = category_id(self.category_id)
        if self.importance is not None and self.importance is not strawberry.UNSET:
            changes["importance"] = Importance(self.importance.value)
        if self.sensitivity is not None and self.sensitivity is not strawberry.UNSET:
            changes["sensitivity"] = Sensitivity(self.sensitivity.value)
        if self.lead_department_id is not None and self.lead_department_id is not strawberry.UNSET:
            changes["lead_department_id"] = department_id(self.lead_department_id, "leadDepartmentId")
        if self.co_department_ids is not None and self.co_department_ids is not strawberry.UNSET:
            changes["co_department_ids"] = department_ids(self.co_department_ids, "coDepartmentIds")
        if self.sources is not None and self.sources is not strawberry.UNSET:
            changes["sources"] = tuple(source.to_source() for source in self.sources)
        if self.channels is not None and self.channels is not strawberry.UNSET:
            changes["channels"] = tuple(self.channels)
        if self.scheduled_at is not strawberry.UNSET:
            changes["scheduled_at"] = self.scheduled_at
        if self.variants is not None and self.variants is not strawberry.UNSET:
            changes["variants"] = variants_from_input(self.variants)
        return changes


@strawberry.type
class UpdateReleasePayload:
    release: ReleaseType | None
    errors: list[UserError]


@strawberry.mutation(description="修改稿件（生成新版本）/ edit a release, making a new version", extensions=requires())
async def update_release(info: Info, input: UpdateReleaseInput) -> UpdateReleasePayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> ReleaseType:
        release = release_id(input.id)
        changes = input.changes()

        def change(current: ReleaseFields) -> ReleaseFields:
            return dataclasses.replace(current, **changes)

        saved = await drafting.edit_draft(viewer, release, change, input.expected_version, tenant_objects(info))
        return await saved_release(info, saved.release_id)

    outcome = await mutate(info, "releases.update_release", input, work, lambda r: ("Release", r.id))
    return UpdateReleasePayload(release=outcome.value, errors=outcome.errors)
