"""Follow-up types: a publication's latest reach on a channel, and one comment from the public."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry


@strawberry.type(name="ChannelReach", description="某渠道上的最新传播数据 / a publication's latest reach on one channel")
class ChannelReachType:
    channel: str = strawberry.field(description="渠道插件名 / the plugin's name")
    measured_at: datetime = strawberry.field(description="渠道统计的时间 / when the channel counted")
    collected_at: datetime = strawberry.field(description="采集时间 / when Fabu asked")
    views: int | None = strawberry.field(description="阅读或浏览量；渠道不统计为 null / reads or views; null if not counted")
    likes: int | None = strawberry.field(description="点赞 / likes")
    shares: int | None = strawberry.field(description="转发或分享 / shares or reposts")
    comments: int | None = strawberry.field(description="评论数 / comments")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ChannelReachType:
        return cls(**{name: row[name] for name in ("channel", "measured_at", "collected_at", "views", "likes", "shares", "comments")})


@strawberry.type(name="PublicComment", description="公众评论，按渠道原样保存 / a comment from the public, as the channel gave it")
class PublicCommentType:
    channel: str = strawberry.field(description="渠道插件名 / the plugin's name")
    external_id: str = strawberry.field(description="渠道的评论编号 / the channel's id of the comment")
    author: str = strawberry.field(description="评论人显示名 / the commenter's display name")
    text: str = strawberry.field(description="评论内容 / the comment")
    created_at: datetime = strawberry.field(description="评论时间 / when it was posted")
    reply_to: str | None = strawberry.field(description="所回复评论的渠道编号 / the channel id of the comment it answers")
    collected_at: datetime = strawberry.field(description="采集时间 / when Fabu collected it")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PublicCommentType:
        return cls(**{name: row[name] for name in ("channel", "external_id", "author", "text", "created_at", "reply_to", "collected_at")})
