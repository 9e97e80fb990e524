"""Finding a publication without its ids, after a publish whose outcome is unknown.

WeChat can list the account's successfully published articles (``freepublish/batchget``), newest
first, but not jobs still running or failed, and drafts say nothing certain about submission. So a
search finds a publication or answers ``UNKNOWN``; it never says ``NOT_FOUND``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from fabu.channels import ChannelContext, PublicationRef, PublicationState, StatusReport
from fabu_wechat.client import call
from fabu_wechat.config import WeChatConfig

__all__ = ["find_published"]

Context = ChannelContext[WeChatConfig]

_PAGE: Final = 20  # batchget's largest page
_PAGES: Final = 5
_CLOCK_SKEW: Final = timedelta(minutes=10)


async def find_published(ctx: Context, ref: PublicationRef) -> StatusReport:
    """The account's published article titled ``ref.title`` since ``ref.attempted_at``, if exactly one."""
    since = (ref.attempted_at - _CLOCK_SKEW).timestamp() if ref.attempted_at else None
    matches: list[dict[str, Any]] = []
    for page in range(_PAGES):
        answer = await call(
            ctx,
            "/cgi-bin/freepublish/batchget",
            idempotent=True,
            body={"offset": page * _PAGE, "count": _PAGE, "no_content": 1},
        )
        items = [i for i in answer.get("item") or [] if isinstance(i, dict)]
        for item in items:
            news = (item.get("content") or {}).get("news_item") or []
            recent = since is None or int(item.get("update_time") or 0) >= since
            if recent and any(n.get("title") == ref.title for n in news):
                matches.append(item)
        older = since is not None and all(int(i.get("update_time") or 0) < since for i in items)
        if len(items) < _PAGE or older:
            break
    if len(matches) == 1:
        return _found(matches[0])
    if matches:
        ids = ", ".join(str(m.get("article_id")) for m in matches)
        return StatusReport(
            state=PublicationState.UNKNOWN,
            message=f"找到多篇同名文章，请人工核对 / several published articles match: {ids}",
        )
    return StatusReport(
        state=PublicationState.UNKNOWN,
        message=(
            "已发布文章中没有找到；发布任务可能仍在进行或已失败，请在公众平台核对"
            " / not among the published articles; the job may still be running or have failed, check the console"
        ),
    )


def _found(item: dict[str, Any]) -> StatusReport:
    news = [n for n in (item.get("content") or {}).get("news_item") or [] if isinstance(n, dict)]
    deleted = bool(news) and all(bool(n.get("is_deleted")) for n in news)
    url = next((str(n["url"]) for n in news if n.get("url")), None)
    return StatusReport(
        state=PublicationState.RETRACTED if deleted else PublicationState.PUBLISHED,
        message="在已发布文章中找到 / found among the published articles",
        external_ids={"article_id": str(item.get("article_id", ""))},
        url=url,
    )
