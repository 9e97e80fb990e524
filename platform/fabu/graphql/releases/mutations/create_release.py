"""createRelease: a drafter drafts a release for a department they draft for; it becomes version 1."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.releases.enums import ImportanceEnum, SensitivityEnum
from fabu.graphql.releases.inputs import category_id, department_id, department_ids
from fabu.graphql.releases.mutations.payloads import saved_release
from fabu.graphql.releases.source_type import ReleaseSourceInput
from fabu.graphql.releases.support import tenant_objects
from fabu.graphql.releases.types import ReleaseType
from fabu.graphql.releases.variant_type import ReleaseVariantInput, variants_from_input
from fabu.releases import drafting
from fabu.releases.content import ReleaseFields
from fabu.releases.kinds import Importance, Sensitivity
from fabu.tenancy.roles import Role


@strawberry.input
class CreateReleaseInput:
    title: str
    lead_department_id: relay.GlobalID = strawberry.field(description="牵头部门，须为你担任采编的部门 / a department you draft for")
    summary: str = ""
    body_html: str = strawberry.field(default="", description="HTML 正文，保存时净化 / HTML body, sanitized on save")
    category_id: relay.GlobalID | None = None
    importance: ImportanceEnum = ImportanceEnum.ROUTINE
    sensitivity: SensitivityEnum = SensitivityEnum.NORMAL
    co_department_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    sources: list[ReleaseSourceInput] = strawberry.field(default_factory=list)
    channels: list[str] = strawberry.field(default_factory=list)
    scheduled_at: datetime | None = strawberry.field(default=None, description="须带时区且晚于当前 / timezone-aware, in the future")
    variants: list[ReleaseVariantInput] = strawberry.field(default_factory=list, description="各目标渠道的专属内容 / per-channel variants")


@strawberry.type
class CreateReleasePayload:
    release: ReleaseType | None
    errors: list[UserError]


@strawberry.mutation(description="新建稿件 / create a release", extensions=requires(Role.DRAFTER))
async def create_release(info: Info, input: CreateReleaseInput) -> CreateReleasePayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> ReleaseType:
        fields = ReleaseFields(
            title=input.title,
            summary=input.summary,
            body_html=input.body_html,
            category_id=category_id(input.category_id),
            importance=Importance(input.importance.value),
            sensitivity=Sensitivity(input.sensitivity.value),
            lead_department_id=department_id(input.lead_department_id, "leadDepartmentId"),
            co_department_ids=department_ids(input.co_department_ids, "coDepartmentIds"),
            sources=tuple(source.to_source() for source in input.sources),
            channels=tuple(input.channels),
            scheduled_at=input.scheduled_at,
            variants=variants_from_input(input.variants),
        )
        saved = await drafting.create_draft(viewer, fields, tenant_objects(info))
        return await saved_release(info, saved.release_id)

    outcome = await mutate(info, "releases.create_release", input, work, lambda r: ("Release", r.id))
    return CreateReleasePayload(release=outcome.value, errors=outcome.errors)
