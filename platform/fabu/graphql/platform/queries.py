"""Platform queries: who is calling, validating a manifest, and exporting a unit's manifest."""

from __future__ import annotations

import strawberry

from fabu.errors import FabuError
from fabu.graphql.context import Info
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
