"""The follow-up domain's GraphQL: the public's comments on a release, page by page.

A release's latest reach per channel is ``Release.reach`` (:mod:`fabu.graphql.releases.types`).
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.errors import FabuError
from fabu.graphql.context import Info
from fabu.graphql.followup.types import PublicCommentType
from fabu.graphql.ids import decode_id
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.releases.support import graphql_error


@strawberry.type
class Query:
    @strawberry.field(
        description="稿件在各渠道收到的公众评论，按时间先后；他单位的稿件取不到 / the public's comments on a release, "
        "oldest first; another unit's release has none",
        extensions=requires(),
    )
    async def public_comments(
        self, info: Info, release_id: relay.GlobalID, first: int = 50, after: str | None = None, channel: str | None = None
    ) -> Connection[PublicCommentType]:
        from fabu.graphql.releases.types import ReleaseType

        try:
            release = decode_id(release_id, ReleaseType, "releaseId")
        except FabuError as error:
            raise graphql_error(error) from None
        return await keyset_page(
            table="public_comments", sort_column="created_at", first=first, after=after,
            where="release_id = $1 and ($2::text is null or channel = $2)", args=[release, channel],
            max_page_size=info.context.settings.graphql_max_page_size, to_node=PublicCommentType.from_row,
        )  # fmt: skip


__all__ = ["Query"]
