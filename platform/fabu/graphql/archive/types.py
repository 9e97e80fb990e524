"""The archive package type: what was packaged, where it is kept and until when, and its last fixity check."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Final

import strawberry

from fabu.graphql.context import Info
from fabu.storage import TenantObjects

DOWNLOAD_LINK_LIFETIME: Final = timedelta(minutes=15)


@strawberry.type(name="ArchivePackage", description="归档包：BagIt 格式的 ZIP / an archive package: a BagIt bag as a ZIP")
class ArchivePackageType:
    created_at: datetime = strawberry.field(description="归档时间 / when it was made")
    created_by: str = strawberry.field(description="归档人 / who made it (a person, or the system when due)")
    sha256: str = strawberry.field(description="整个 ZIP 的 SHA-256 / the SHA-256 of the whole ZIP")
    size: int = strawberry.field(description="字节数 / bytes")
    payload_files: int = strawberry.field(description="包内数据文件数 / files under data/")
    retain_until: datetime | None = strawberry.field(description="保管期限；永久保存为 null / kept until; null: permanently")
    retention_rule: str = strawberry.field(description="适用的保管规则 / the retention rule that applied")
    locked_by_store: bool = strawberry.field(
        description="存储本身是否锁定（对象锁定）；否则只由 Fabu 保管 / whether the store itself locks it (object lock)"
    )
    last_checked_at: datetime | None = strawberry.field(description="最近一次完整性校验 / the last fixity check")
    intact: bool | None = strawberry.field(description="最近一次校验是否完好；未校验为 null / whether it was intact then")
    problems: list[str] = strawberry.field(description="最近一次校验发现的问题 / what the last check found wrong")
    object_key: strawberry.Private[str]
    tenant_objects: strawberry.Private[TenantObjects]

    @strawberry.field(description="下载链接，15 分钟内有效 / a download link, valid for 15 minutes")
    async def download_url(self, info: Info) -> str:
        return await self.tenant_objects.presigned_url(self.object_key, expires=DOWNLOAD_LINK_LIFETIME)

    @classmethod
    def from_row(cls, row: dict[str, Any], objects: TenantObjects) -> ArchivePackageType:
        problems = row["last_problems"] or "[]"
        return cls(
            created_at=row["created_at"], created_by=row["created_by"], sha256=row["sha256"], size=row["size"],
            payload_files=row["payload_files"], retain_until=row["retain_until"], retention_rule=row["retention_rule"],
            locked_by_store=row["locked_by_store"],
            last_checked_at=row["last_checked_at"], intact=row["last_intact"],
            problems=json.loads(problems) if isinstance(problems, str) else list(problems),
            object_key=row["object_key"], tenant_objects=objects,
        )  # fmt: skip
