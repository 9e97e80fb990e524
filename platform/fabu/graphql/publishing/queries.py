"""Publishing queries: the unit's channels, and its publication ledger as a page or as CSV."""

from __future__ import annotations

import base64

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.publishing.types import ChannelInstallationType, LedgerEntryType
from fabu.publishing.installations import list_installations
from fabu.publishing.ledger import ledger_csv, ledger_rows
from fabu.publishing.ledger_export import ledger_xlsx
from fabu.tenancy.roles import Role

LEDGER_READERS = (Role.TENANT_ADMIN, Role.PUBLISHER, Role.OFFICE_REVIEWER, Role.LEADER, Role.AUDITOR)


@strawberry.type
class PublishingQuery:
    @strawberry.field(
        description="本单位安装的发布渠道（密钥已隐去）/ the unit's installed channels, secrets redacted",
        extensions=requires(Role.TENANT_ADMIN, Role.PUBLISHER),
    )
    async def channels(self, info: Info) -> list[ChannelInstallationType]:
        # A unit installs a handful of channels, so the list is not paginated.
        return [ChannelInstallationType.from_installation(i) for i in await list_installations()]

    @strawberry.field(
        description="发布台账，按登记时间排序 / the publication ledger in the order entries were recorded",
        extensions=requires(*LEDGER_READERS),
    )
    async def publication_ledger(
        self, info: Info, first: int = 50, after: str | None = None, channel: str | None = None
    ) -> Connection[LedgerEntryType]:
        where, args = ("true", []) if channel is None else ("channel = $1", [channel])
        return await keyset_page(
            table="publication_ledger", sort_column="recorded_at", first=first, after=after, where=where, args=args,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=LedgerEntryType.from_row,
        )

    @strawberry.field(
        description="发布台账导出为 CSV（UTF-8，首行为中英文表头）/ the ledger as CSV text with a bilingual header",
        extensions=requires(*LEDGER_READERS),
    )
    async def publication_ledger_csv(self, info: Info, channel: str | None = None) -> str:
        return ledger_csv(await ledger_rows(channel))

    @strawberry.field(
        description="发布台账导出为 Excel（.xlsx 文件的 base64）/ the ledger as an Excel workbook, base64-encoded",
        extensions=requires(*LEDGER_READERS),
    )
    async def publication_ledger_xlsx(self, info: Info, channel: str | None = None) -> str:
        return base64.b64encode(ledger_xlsx(await ledger_rows(channel))).decode()
