"""The ``Release`` node: current fields, versions, diff, attachments; relations through DataLoaders only."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.errors import FabuError
from fabu.graphql.archive.dataloaders import ArchivesByReleaseIdLoader
from fabu.graphql.archive.types import ArchivePackageType
from fabu.graphql.context import Info
from fabu.graphql.followup.dataloaders import ReachByReleaseIdLoader
from fabu.graphql.followup.types import ChannelReachType
from fabu.graphql.loaders import loader
from fabu.graphql.permissions import requires
from fabu.graphql.releases import dataloaders as dl
from fabu.graphql.releases.attachment_type import ReleaseAttachmentType
from fabu.graphql.releases.category_type import DisclosureCategoryType
from fabu.graphql.releases.channel_findings_type import ChannelFindingsType
from fabu.graphql.releases.diff_type import ReleaseDiff
from fabu.graphql.releases.enums import ImportanceEnum, SensitivityEnum
from fabu.graphql.releases.source_type import ReleaseSource
from fabu.graphql.releases.support import download_url, graphql_error, resolve_by_loader, tenant_objects
from fabu.graphql.releases.variant_type import ReleaseVariant
from fabu.graphql.releases.version_type import ReleaseVersionType
from fabu.graphql.tenancy.dataloaders import DepartmentByIdLoader, PersonByIdLoader
from fabu.graphql.tenancy.types import DepartmentType, PersonType
from fabu.releases.content import Source, variants_from_document
from fabu.releases.diff import diff_versions
from fabu.releases.kinds import Importance, Sensitivity
from fabu.releases.sanitize import media_reference, media_references
from fabu.tenancy.roles import Role
from fabu.workflow.channel_gate import channel_findings


@strawberry.type(description="正文引用的媒体（图片）/ media an image in the body references")
class MediaReference:
    sha256: str
    src: str = strawberry.field(description="正文中 img 的 src，形如 fabu-media:<sha256> / the img src in the body")

    @strawberry.field(description="下载链接，15 分钟内有效；显示正文时替换 src / a 15-minute link; swap it for src when rendering")
    async def url(self, info: Info) -> str:
        return await download_url(info, self.sha256)


@strawberry.type(name="Release", description="信息稿件 / a release")
class ReleaseType(relay.Node):
    id: relay.NodeID[str]
    title: str
    summary: str
    body_html: str = strawberry.field(description="经过净化的 HTML 正文 / the sanitized HTML body")
    importance: ImportanceEnum
    sensitivity: SensitivityEnum
    channels: list[str] = strawberry.field(description="目标发布渠道 / target channels")
    scheduled_at: datetime | None = strawberry.field(description="定时发布时间 / scheduled publication time")
    workflow_state: str = strawberry.field(description="流程状态，由流程引擎维护 / workflow state, kept by the workflow engine")
    lock_version: int = strawberry.field(description="乐观锁版本：修改时作为 expectedVersion 传回 / send back as expectedVersion")
    current_version_number: int
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[dict[str, Any]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ReleaseType:
        return cls(
            id=str(row["id"]), title=row["title"], summary=row["summary"], body_html=row["body_html"],
            importance=ImportanceEnum(row["importance"]), sensitivity=SensitivityEnum(row["sensitivity"]),
            channels=list(row["channels"]), scheduled_at=row["scheduled_at"], workflow_state=row["workflow_state"],
            lock_version=row["lock_version"], current_version_number=row["current_version_number"],
            created_at=row["created_at"], updated_at=row["updated_at"], row=row,
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await resolve_by_loader(info, dl.ReleaseByIdLoader, node_ids, cls.from_row)

    @property
    def uuid(self) -> UUID:
        return UUID(self.id)

    @strawberry.field(description="重要程度（中文 / English）/ importance label")
    def importance_label(self) -> str:
        importance = Importance(self.row["importance"])
        return f"{importance.label_zh} / {importance.label_en}"

    @strawberry.field(description="敏感程度（中文 / English）/ sensitivity label")
    def sensitivity_label(self) -> str:
        sensitivity = Sensitivity(self.row["sensitivity"])
        return f"{sensitivity.label_zh} / {sensitivity.label_en}"

    @strawberry.field(description="信息公开目录类别 / disclosure category")
    async def category(self, info: Info) -> DisclosureCategoryType | None:
        category = self.row["category_id"]
        row = await loader(info, dl.DisclosureCategoryByIdLoader).load(category) if category else None
        return DisclosureCategoryType.from_row(row) if row else None

    @strawberry.field(description="牵头部门 / lead department")
    async def lead_department(self, info: Info) -> DepartmentType:
        row = await loader(info, DepartmentByIdLoader).load(self.row["lead_department_id"])
        assert row is not None
        return DepartmentType.from_row(row)

    @strawberry.field(description="会签部门 / co-departments")
    async def co_departments(self, info: Info) -> list[DepartmentType]:
        rows = await loader(info, DepartmentByIdLoader).load_many(list(self.row["co_department_ids"]))
        return [DepartmentType.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="数据与政策引用的出处 / sources of figures and policy citations")
    def sources(self) -> list[ReleaseSource]:
        sources = self.row["sources"]
        parsed = json.loads(sources) if isinstance(sources, str) else sources
        return [ReleaseSource.from_source(Source(**source)) for source in parsed]

    @strawberry.field(description="各渠道的专属内容，属于版本内容、受审批约束 / per-channel variants, part of the approved content")
    def variants(self) -> list[ReleaseVariant]:
        variants = self.row["variants"]
        parsed = json.loads(variants) if isinstance(variants, str) else variants
        return [ReleaseVariant.from_variant(variant) for variant in variants_from_document(parsed)]

    @strawberry.field(
        description="各已安装并启用的目标渠道对当前版本的校验；有 error 时不能提交或排期 / each enabled target channel's findings"
    )
    async def channel_findings(self, info: Info) -> list[ChannelFindingsType]:
        viewer = info.context.viewer
        if viewer is None:
            return []
        return [ChannelFindingsType.from_report(report) for report in await channel_findings(viewer.tenant_id, self.uuid)]

    @strawberry.field(
        description="发布后各渠道的最新传播数据（每日采集）/ the latest reach on each channel, collected daily after publication"
    )
    async def reach(self, info: Info) -> list[ChannelReachType]:
        rows = await loader(info, ReachByReleaseIdLoader).load(self.uuid)
        return [ChannelReachType.from_row(row) for row in rows]

    @strawberry.field(
        description="归档包，按时间先后；单位管理员、办公室、审计员可见 / the archive packages, oldest first; "
        "for the unit's admins, the office and auditors",
        extensions=requires(Role.TENANT_ADMIN, Role.OFFICE_REVIEWER, Role.AUDITOR),
    )
    async def archives(self, info: Info) -> list[ArchivePackageType]:
        rows = await loader(info, ArchivesByReleaseIdLoader).load(self.uuid)
        objects = tenant_objects(info)
        return [ArchivePackageType.from_row(row, objects) for row in rows]

    @strawberry.field(description="当前附件 / current attachments")
    async def attachments(self, info: Info) -> list[ReleaseAttachmentType]:
        rows = await loader(info, dl.AttachmentsByReleaseIdLoader).load(self.uuid)
        return [ReleaseAttachmentType.from_row(row) for row in rows]

    @strawberry.field(description="正文引用的媒体 / media the body's images reference")
    def body_media(self) -> list[MediaReference]:
        return [MediaReference(sha256=sha, src=media_reference(sha)) for sha in media_references(self.body_html)]

    @strawberry.field(description="当前版本 / the current version")
    async def current_version(self, info: Info) -> ReleaseVersionType:
        row = await loader(info, dl.ReleaseVersionByIdLoader).load(self.row["current_version_id"])
        assert row is not None
        return ReleaseVersionType.from_row(row)

    @strawberry.field(description="全部版本，从第 1 版起 / every version, from version 1")
    async def versions(self, info: Info) -> list[ReleaseVersionType]:
        rows = await loader(info, dl.ReleaseVersionsByReleaseIdLoader).load(self.uuid)
        return [ReleaseVersionType.from_row(row) for row in rows]

    @strawberry.field(description="指定版本 / one version by number")
    async def version(self, info: Info, number: int) -> ReleaseVersionType | None:
        row = await loader(info, dl.ReleaseVersionByReleaseIdAndNumberLoader).load((self.uuid, number))
        return ReleaseVersionType.from_row(row) if row else None

    @strawberry.field(description="两个版本间的差异 / what changed from one version to another")
    async def diff(
        self, from_: Annotated[int, strawberry.argument(name="from", description="起始版本号 / the older version")], to: int
    ) -> ReleaseDiff:
        try:
            return ReleaseDiff.from_diff(await diff_versions(self.uuid, from_, to))
        except FabuError as error:
            raise graphql_error(error) from None

    @strawberry.field(description="起草人 / who created it")
    async def created_by(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.row["created_by_person_id"])
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field(description="最后修改人 / who saved the current version")
    async def last_edited_by(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.row["last_edited_by_person_id"])
        assert row is not None
        return PersonType.from_row(row)
