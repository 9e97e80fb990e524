"""The Weibo channel: declarations, and each call delegated to the module doing it."""

from __future__ import annotations

import html
from datetime import datetime
from typing import ClassVar

from fabu.channels import (
    Bilingual,
    Capability,
    ChannelContext,
    ChannelLimits,
    ChannelPlugin,
    FeedbackItem,
    Finding,
    Metrics,
    Preview,
    PublicationRef,
    PublishReceipt,
    RateLimit,
    ReleaseSnapshot,
    StatusReport,
)
from fabu_weibo import posting, reactions
from fabu_weibo.config import WeiboConfig
from fabu_weibo.text import compose, findings, picture_of

__all__ = ["WeiboChannel"]

Context = ChannelContext[WeiboConfig]


class WeiboChannel(ChannelPlugin[WeiboConfig]):
    """Posts a release to Weibo as a short text linking to its portal page, with one picture."""

    name: ClassVar[str] = "weibo"
    display_name: ClassVar[Bilingual] = Bilingual(zh="微博", en="Weibo")
    capabilities: ClassVar[Capability] = (
        Capability.PUBLISH | Capability.RETRACT | Capability.STATUS | Capability.METRICS | Capability.FEEDBACK
    )
    limits: ClassVar[ChannelLimits] = ChannelLimits(
        media=None,  # one picture is posted; the other attachments are left out, not refused
        rate_limits=(
            # "发微博接口单授权用户每小时只能请求 30 次", "单授权用户每天累计只能请求微博开放接口 100 次"
            RateLimit(30, 3600.0, Capability.PUBLISH),
            RateLimit(100, 86_400.0),
        ),
    )
    config_model = WeiboConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """``statuses/share``'s rules: length, no ``#topic#``, the portal link, one picture."""
        return findings(release)

    def render(self, release: ReleaseSnapshot) -> Preview:
        """The post as it will read, with its picture's name."""
        text = compose(release).text
        picture = picture_of(release)
        extra = f"<p><small>[{html.escape(picture.name)}]</small></p>" if picture else ""
        return Preview(text=text, html=f"<p>{html.escape(text)}</p>{extra}")

    async def publish(self, ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
        """Post once with ``statuses/share``; a rate limit is retryable with the window's reset."""
        return await posting.share(ctx, release)

    async def status(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """The post's state by id, or a search of the account's timeline without one."""
        if post_id := ref.external_ids.get("id"):
            return await posting.read_post(ctx, post_id)
        return await posting.find_post(ctx, ref)

    async def retract(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Delete the post with ``statuses/destroy``."""
        return await posting.remove_post(ctx, ref)

    async def metrics(self, ctx: Context, ref: PublicationRef) -> Metrics:
        """Reposts, comments and likes from ``statuses/count``."""
        return await reactions.counts(ctx, ref)

    async def feedback(self, ctx: Context, ref: PublicationRef, since: datetime | None = None) -> list[FeedbackItem]:
        """Comments from ``comments/show``, oldest first."""
        return await reactions.comments(ctx, ref, since)
