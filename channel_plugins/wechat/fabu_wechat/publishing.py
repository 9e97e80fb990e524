"""Publishing a draft with ``freepublish/submit``, following the job with ``freepublish/get``, and retraction.

``freepublish/submit`` only queues a publish job: a successful answer means "accepted", and the
job ends later in one of the documented ``publish_status`` values, reported by polling
``freepublish/get`` or by the ``PUBLISHJOBFINISH`` push (see ``callback``). So ``publish`` returns
``PENDING`` with the job's ``publish_id``.
"""

from __future__ import annotations

from typing import Any, Final

from fabu.channels import (
    ChannelContext,
    OutcomeUnknownError,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    ReleaseSnapshot,
    RetryableChannelError,
    Severity,
    StatusReport,
    TerminalChannelError,
)
from fabu_wechat.client import Json, call
from fabu_wechat.config import WeChatConfig
from fabu_wechat.drafts import forget_draft, prepare_draft
from fabu_wechat.errors import BEIJING
from fabu_wechat.rules import findings
from fabu_wechat.states import PublishJob, report_for

__all__ = ["fetch_article", "fetch_job", "publish", "retract"]

Context = ChannelContext[WeChatConfig]

_INVALID_MEDIA_ID: Final = "40007"
_STILL_PUBLISHING_RETRY: Final = 60.0


async def publish(ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
    """Create (or reuse) the draft and submit it once; ``PENDING`` with the job's ids."""
    errors = [f for f in findings(release) if f.severity is Severity.ERROR]
    if errors:
        raise TerminalChannelError(errors[0].code, "; ".join(str(f.message) for f in errors))
    draft = await prepare_draft(ctx, release)
    try:
        answer = await call(
            ctx,
            "/cgi-bin/freepublish/submit",
            idempotent=False,
            body={"media_id": draft.media_id},
        )
    except TerminalChannelError as error:
        if draft.reused and error.code == _INVALID_MEDIA_ID:
            # The draft an earlier attempt made is gone from the draft box: WeChat removes a
            # draft once it publishes it, so that attempt may have gone through after all.
            raise OutcomeUnknownError(
                "先前尝试的草稿已不在草稿箱，可能已经发布，请核对 / the earlier attempt's draft is gone, it may have been published; reconcile"
            ) from error
        raise
    await forget_draft(ctx, draft)
    submitted_on = ctx.clock().astimezone(BEIJING).date().isoformat()
    ids = {
        "publish_id": str(answer.get("publish_id", "")),
        "msg_data_id": str(answer.get("msg_data_id", "")),
        "draft_media_id": draft.media_id,
        "submitted_on": submitted_on,
    }
    ctx.logger.info("wechat: release %s submitted as publish job %s", release.release_id, ids["publish_id"])
    return PublishReceipt(
        state=PublicationState.PENDING,
        external_ids=ids,
        raw={"publish_id": ids["publish_id"], "msg_data_id": ids["msg_data_id"]},
    )


def _job(publish_id: str, data: Json) -> PublishJob:
    detail = data.get("article_detail") or {}
    items: list[Any] = detail.get("item") or [] if isinstance(detail, dict) else []
    urls = [str(item.get("article_url", "")) for item in items if isinstance(item, dict)]
    return PublishJob(
        publish_id=str(data.get("publish_id") or publish_id),
        publish_status=int(data.get("publish_status", -1)),
        article_id=str(data.get("article_id") or ""),
        article_urls=tuple(url for url in urls if url),
        fail_idx=tuple(int(i) for i in data.get("fail_idx") or []),
    )


async def fetch_job(ctx: Context, publish_id: str) -> PublishJob:
    """The publish job's state, from ``freepublish/get``."""
    # publish_id is documented as a string but WeChat's own examples send a number; send it as given.
    answer = await call(ctx, "/cgi-bin/freepublish/get", idempotent=True, body={"publish_id": publish_id})
    return _job(publish_id, answer)


async def fetch_article(ctx: Context, article_id: str) -> StatusReport:
    """A published article's state, from ``freepublish/getarticle``."""
    answer = await call(ctx, "/cgi-bin/freepublish/getarticle", idempotent=True, body={"article_id": article_id})
    items = [n for n in answer.get("news_item") or [] if isinstance(n, dict)]
    deleted = bool(items) and all(bool(n.get("is_deleted")) for n in items)
    url = next((str(n["url"]) for n in items if n.get("url")), None)
    return StatusReport(
        state=PublicationState.RETRACTED if deleted else PublicationState.PUBLISHED,
        message="已删除 / deleted" if deleted else "已发布 / published",
        external_ids={"article_id": article_id},
        url=url,
    )


async def retract(ctx: Context, ref: PublicationRef, article_id: str | None) -> StatusReport:
    """Delete the published article(s) with ``freepublish/delete``; ``RETRACTED``.

    Args:
        ctx: The call's context.
        ref: The publication.
        article_id: The article's id when already known (from the ids or a search).
    """
    ids = dict(ref.external_ids)
    if article_id is None:
        publish_id = ids.get("publish_id")
        if not publish_id:
            raise TerminalChannelError("not_found", "找不到要删除的文章 / no article to delete was found")
        job = await fetch_job(ctx, publish_id)
        report = report_for(job)
        if job.publish_status == 1:
            raise RetryableChannelError(
                "文章仍在发布中，发布结束后才能删除 / still publishing; it can be deleted once the job ends",
                retry_after=_STILL_PUBLISHING_RETRY,
            )
        if job.publish_status in (5, 6):
            return report.model_copy(update={"state": PublicationState.RETRACTED})
        if job.publish_status != 0 or not job.article_id:
            raise TerminalChannelError(
                "not_published", f"文章未发布，无需删除 / nothing was published: {report.message}"
            )
        article_id = job.article_id
    # Deleting is safe to repeat: a lost answer is retried, never left unknown.
    await call(
        ctx,
        "/cgi-bin/freepublish/delete",
        idempotent=True,
        body={"article_id": article_id, "index": 0},
    )
    ctx.logger.info("wechat: article %s deleted", article_id)
    return StatusReport(
        state=PublicationState.RETRACTED,
        message="已删除全部文章 / all articles deleted",
        external_ids={**ids, "article_id": article_id},
        url=ref.url,
    )
