"""The WeChat Official Account channel: declarations, and each call delegated to the module doing it."""

from __future__ import annotations

import html
from datetime import datetime
from typing import ClassVar

from fabu.channels import (
    Bilingual,
    CallbackRequest,
    CallbackResult,
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
    ReleaseSnapshot,
    StatusReport,
)
from fabu_wechat import publishing, reconcile, stats
from fabu_wechat.callback import InvalidMessageError, SignatureError, publish_update, read_push
from fabu_wechat.config import WeChatConfig
from fabu_wechat.rules import LIMITS, author_of, findings
from fabu_wechat.states import report_for

__all__ = ["WeChatChannel"]

Context = ChannelContext[WeChatConfig]


class WeChatChannel(ChannelPlugin[WeChatConfig]):
    """Publishes a release as a WeChat article: draft, submit, then the job's result."""

    name: ClassVar[str] = "wechat"
    display_name: ClassVar[Bilingual] = Bilingual(zh="微信公众号", en="WeChat Official Account")
    capabilities: ClassVar[Capability] = (
        Capability.PUBLISH
        | Capability.RETRACT
        | Capability.STATUS
        | Capability.METRICS
        | Capability.FEEDBACK
        | Capability.CALLBACK
    )
    limits: ClassVar[ChannelLimits] = LIMITS
    config_model = WeChatConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """The documented limits of ``draft/add`` and its images; see :mod:`fabu_wechat.rules`."""
        return findings(release)

    def render(self, release: ReleaseSnapshot) -> Preview:
        """The article as a reader opens it: title, author, body, and the "read the original" link."""
        portal = release.links.get("portal")
        more = f'<p><a href="{html.escape(portal)}">阅读原文</a></p>' if portal else ""
        page = (
            f"<h1>{html.escape(release.title)}</h1>"
            f"<p><small>{html.escape(author_of(release))}</small></p>"
            f"{release.body_html}{more}"
        )
        return Preview(html=page, text=release.summary or release.title)

    async def publish(self, ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
        """Upload the images, create the draft and submit it once: ``PENDING`` until the job ends."""
        return await publishing.publish(ctx, release)

    async def status(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """The job's state by ``publish_id``, the article's by ``article_id``, else a search by title."""
        if publish_id := ref.external_ids.get("publish_id"):
            return report_for(await publishing.fetch_job(ctx, publish_id))
        if article_id := ref.external_ids.get("article_id"):
            return await publishing.fetch_article(ctx, article_id)
        return await reconcile.find_published(ctx, ref)

    async def retract(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Delete the published article (``freepublish/delete``)."""
        article_id = ref.external_ids.get("article_id")
        if article_id is None and "publish_id" not in ref.external_ids:
            found = await reconcile.find_published(ctx, ref)
            article_id = found.external_ids.get("article_id")
        return await publishing.retract(ctx, ref, article_id)

    async def metrics(self, ctx: Context, ref: PublicationRef) -> Metrics:
        """Reads and shares from ``datacube``, comments from ``comment/list``."""
        return await stats.metrics(ctx, ref)

    async def feedback(self, ctx: Context, ref: PublicationRef, since: datetime | None = None) -> list[FeedbackItem]:
        """Readers' comments from ``comment/list``, oldest first."""
        return await stats.comments(ctx, ref, since)

    async def callback(self, ctx: Context, request: CallbackRequest) -> CallbackResult:
        """Answer WeChat's URL check, and turn ``PUBLISHJOBFINISH`` pushes into status updates."""
        config = ctx.config
        if config.callback_token is None:
            return _refuse(403, "未配置服务器令牌 / no callback token configured")
        token = config.callback_token.get_secret_value()
        aes_key = config.encoding_aes_key.get_secret_value() if config.encoding_aes_key else None
        try:
            if request.method.upper() == "GET":
                push = read_push(request, token=token, app_id=config.app_id)
                return CallbackResult(body=(push.echo or "").encode())
            update = publish_update(request, token=token, app_id=config.app_id, encoding_aes_key=aes_key)
        except InvalidMessageError as error:
            ctx.logger.warning("wechat: refused a pushed request: %s", error)
            return _refuse(403 if isinstance(error, SignatureError) else 400, str(error))
        return CallbackResult(body=b"success", updates=(update,) if update else ())


def _refuse(status: int, message: str) -> CallbackResult:
    return CallbackResult(status_code=status, body=message.encode())
