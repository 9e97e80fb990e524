"""Posting queries: the channel reminders still open for the unit."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.posting.types import PostingReminderType
from fabu.tenancy.roles import Role


@strawberry.type
class PostingQuery:
    @strawberry.field(
        description="待办的渠道提醒（如到期撤下公告），按截止时间排序 / open channel reminders, e.g. notices to take down, by due time",
        extensions=requires(Role.TENANT_ADMIN, Role.PUBLISHER),
    )
    async def posting_reminders(
        self, info: Info, first: int = 50, after: str | None = None, channel: str | None = None
    ) -> Connection[PostingReminderType]:
        where, args = ("resolved_at is null", []) if channel is None else ("resolved_at is null and channel = $1", [channel])
        return await keyset_page(
            table="posting_reminders", sort_column="due_at", first=first, after=after, where=where, args=args,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=PostingReminderType.from_row,
        )  # fmt: skip
