"""What the public did with a post: its comments (``comments/show``) and counts (``statuses/count``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from fabu.channels import (
    ChannelContext,
    FeedbackItem,
    Metrics,
    PublicationRef,
    TerminalChannelError,
)
from fabu_weibo.client import call
from fabu_weibo.config import WeiboConfig
from fabu_weibo.posting import parse_time

__all__ = ["comments", "counts"]

Context = ChannelContext[WeiboConfig]

_PAGE: Final = 200  # comments/show's largest page
_MAX_PAGES: Final = 50


def _post_id(ref: PublicationRef) -> str:
    post_id = ref.external_ids.get("id", "")
    if not post_id:
        raise TerminalChannelError("no_id", "缺少微博 ID / the post's id is unknown")
    return post_id


async def comments(ctx: Context, ref: PublicationRef, since: datetime | None) -> list[FeedbackItem]:
    """The post's comments after ``since``, oldest first (Weibo lists newest first)."""
    post_id = _post_id(ref)
    found: list[FeedbackItem] = []
    for page in range(1, _MAX_PAGES + 1):
        answer = await call(
            ctx,
            "GET",
            "/2/comments/show.json",
            idempotent=True,
            params={"id": post_id, "count": str(_PAGE), "page": str(page)},
        )
        batch = [_item(c) for c in answer.get("comments") or [] if isinstance(c, dict)]
        found += [item for item in batch if since is None or item.created_at > since]
        reached_since = since is not None and any(item.created_at <= since for item in batch)
        if len(batch) < _PAGE or reached_since:
            break
    return sorted(found, key=lambda item: (item.created_at, item.external_id))


def _item(comment: dict[str, Any]) -> FeedbackItem:
    user = comment.get("user") if isinstance(comment.get("user"), dict) else {}
    reply = comment.get("reply_comment")
    return FeedbackItem(
        external_id=str(comment.get("idstr") or comment.get("id")),
        author=str((user or {}).get("screen_name") or "微博用户"),
        text=str(comment.get("text", "")),
        created_at=parse_time(str(comment["created_at"])),
        reply_to=str(reply.get("idstr") or reply.get("id")) if isinstance(reply, dict) else None,
    )


async def counts(ctx: Context, ref: PublicationRef) -> Metrics:
    """Reposts, comments and likes ("attitudes") of the post; Weibo's API gives no view count."""
    post_id = _post_id(ref)
    answer = await call(ctx, "GET", "/2/statuses/count.json", idempotent=True, params={"ids": post_id})
    rows = [r for r in answer if isinstance(r, dict)] if isinstance(answer, list) else []
    row = next((r for r in rows if str(r.get("id")) == post_id), None)
    if row is None:
        raise TerminalChannelError("not_found", "微博计数中没有此微博 / no counts for the post")
    return Metrics(
        measured_at=ctx.clock(),
        likes=int(row.get("attitudes", 0)),
        shares=int(row.get("reposts", 0)),
        comments=int(row.get("comments", 0)),
    )
