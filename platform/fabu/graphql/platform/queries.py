"""Platform queries: who is calling, validating a manifest, exporting a unit's manifest, the platform's audit trail."""

from __future__ import annotations

from typing import Annotated

import strawberry

from fabu.audit.platform_trail import verify_platform
from fabu.errors import FabuError
from fabu.graphql.audit import AuditChainReport, AuditEntryType
from fabu.graphql.context import Info
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires_platform_admin
from fabu.graphql.platform.types import ManifestProblemType, ManifestValidation, PlatformAdminType
from fabu.onboarding import ManifestError, export_in_transaction, export_yaml, load_manifest


@strawberry.type
class PlatformQuery:
    @strawberry.field(description="当前平台管理员 / the calling platform administrator", extensions=requires_platform_admin())
    def platform_admin(self, info: Info) -> PlatformAdminType:
        admin = info.context.platform_admin
        assert admin is not None
        return PlatformAdminType(username=admin.username)

    @strawberry.field(
        description="校验清单，列出每处问题（位置、行号、中英文）；不写入任何数据 / validate a manifest: every problem with its path and line; writes nothing",
        extensions=requires_platform_admin(),
    )
    def validate_manifest(self, yaml: str) -> ManifestValidation:
        try:
            valid = load_manifest(yaml)
        except ManifestError as error:
            return ManifestValidation(valid=False, unit_code=None, problems=[ManifestProblemType.from_problem(p) for p in error.problems])
        return ManifestValidation(
            valid=True, unit_code=valid.manifest.unit.code, problems=[ManifestProblemType.from_problem(p) for p in valid.warnings]
        )

    @strawberry.field(
        description="导出单位清单（YAML）；密钥只写环境变量引用；无此单位为 null / a unit's manifest as YAML, secrets as references only; null for no such unit",
        extensions=requires_platform_admin(),
    )
    async def unit_manifest(self, info: Info, code: str) -> str | None:
        # The export scopes the request's shared transaction to the unit for a moment.
        async with info.context.unit_scope_lock:
            try:
                data = await export_in_transaction(code)
            except FabuError:
                return None
        return export_yaml(data)

    @strawberry.field(
        description="校验平台审计链 / verify the platform's audit chain (administrators' logins, refused attempts, actions)",
        extensions=requires_platform_admin(),
    )
    async def platform_audit_chain(self, info: Info) -> AuditChainReport:
        # Under the lock: a unit-scoped moment of a sibling field (``unitManifest``) would hide the rows.
        async with info.context.unit_scope_lock:
            return AuditChainReport.from_report(await verify_platform())

    @strawberry.field(
        description="平台审计日志，按时间先后 / the platform's audit trail, oldest first", extensions=requires_platform_admin()
    )
    async def platform_audit_entries(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        object_id: Annotated[
            str | None, strawberry.argument(description="只看这一对象（管理员编号、登录名或单位代码）/ only this object's entries")
        ] = None,
    ) -> Connection[AuditEntryType]:
        # One chain, so the sequence number alone orders and identifies an entry; the cursor's id part is constant.
        async with info.context.unit_scope_lock:  # see platform_audit_chain
            return await keyset_page(
                table="(select *, '00000000-0000-0000-0000-000000000000'::uuid as id, lpad(seq::text, 20, '0') as seq_key from platform_audit_entries) entries",
                sort_column="seq_key", first=first, after=after, where="($1::text is null or object_id = $1)", args=[object_id],
                max_page_size=info.context.settings.graphql_max_page_size, to_node=AuditEntryType.from_row,
            )
