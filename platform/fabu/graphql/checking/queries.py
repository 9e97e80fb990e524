"""Checking queries: a release version's check report, and the unit's own lexicon."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from fabu.checking import latest_report
from fabu.errors import FabuError
from fabu.graphql.checking.types import CheckReportType, LexiconEntryType
from fabu.graphql.context import Info
from fabu.graphql.ids import decode_id
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.releases.support import graphql_error


@strawberry.type
class CheckingQuery:
    @strawberry.field(
        description="稿件某一版本（默认当前版本）的发布前检查报告；他单位的稿件取不到 / "
        "the check report of a release version (the current one by default); another unit's release resolves to null",
        extensions=requires(),
    )
    async def check_report(
        self,
        release_id: relay.GlobalID,
        version_number: Annotated[int | None, strawberry.argument(description="版本号 / version number")] = None,
    ) -> CheckReportType | None:
        from fabu.graphql.releases.types import ReleaseType

        try:
            release = decode_id(release_id, ReleaseType, "releaseId")
        except FabuError as error:
            raise graphql_error(error) from None
        assert release is not None
        stored = await latest_report(release, version_number)
        return CheckReportType.from_stored(stored) if stored is not None else None

    @strawberry.field(description="本单位词库，按词条排序 / the unit's own lexicon, by term", extensions=requires())
    async def lexicon_entries(self, info: Info, first: int = 100, after: str | None = None) -> Connection[LexiconEntryType]:
        return await keyset_page(
            table="lexicon_entries", sort_column="term", first=first, after=after,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=LexiconEntryType.from_row,
        )  # fmt: skip
