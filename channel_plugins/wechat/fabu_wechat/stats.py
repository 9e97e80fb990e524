"""Reach and comments: the ``datacube`` statistics and the ``comment/list`` family.

Both key an article by the ``msg_data_id`` that ``freepublish/submit`` returned; ``datacube``
names it ``"<msg_data_id>_<n>"`` with ``n`` the article's position, first is 1. Statistics are
daily and end yesterday (Beijing time): ``getarticletotal`` gives an article's totals since it was
sent, per day, for its send date; ``getarticlesummary`` gives yesterday's reads of every article;
``getusershare`` gives the whole account's shares. A same-day publication has no statistics yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from fabu.channels import (
    ChannelContext,
    FeedbackItem,
    Metrics,
    PublicationRef,
    TerminalChannelError,
)
from fabu_wechat.client import Json, call
from fabu_wechat.config import WeChatConfig
from fabu_wechat.errors import BEIJING

__all__ = ["comments", "metrics"]

Context = ChannelContext[WeChatConfig]

_COMMENTS_PAGE: Final = 49  # "获取数目（>=50会被拒绝）"
_MAX_COMMENT_PAGES: Final = 100
_NO_COMMENT_PRIVILEGE: Final = "88000"


def _msg_data_id(ref: PublicationRef) -> str:
    msg_data_id = ref.external_ids.get("msg_data_id", "")
    if not msg_data_id.isdigit():
        raise TerminalChannelError(
            "no_msg_data_id",
            "缺少 msg_data_id，无法读取统计与留言 / no msg_data_id: statistics and comments cannot be read",
        )
    return msg_data_id


def _ours(item: dict[str, Any], msg_data_id: str) -> bool:
    msgid = str(item.get("msgid", ""))
    return msgid in (f"{msg_data_id}_1", msg_data_id)


async def _daily(ctx: Context, api: str, day: date) -> list[dict[str, Any]]:
    answer = await call(
        ctx,
        f"/datacube/{api}",
        idempotent=True,
        body={"begin_date": day.isoformat(), "end_date": day.isoformat()},
    )
    return [i for i in answer.get("list") or [] if isinstance(i, dict)]


async def metrics(ctx: Context, ref: PublicationRef) -> Metrics:
    """Reads, shares and favourites from ``datacube``, and the comment count from ``comment/list``."""
    msg_data_id = _msg_data_id(ref)
    now = ctx.clock()
    yesterday = now.astimezone(BEIJING).date() - timedelta(days=1)
    views: int | None = None
    shares: int | None = None
    extra: dict[str, float] = {}
    sent = ref.external_ids.get("submitted_on")
    if sent and date.fromisoformat(sent) <= yesterday:
        for item in await _daily(ctx, "getarticletotal", date.fromisoformat(sent)):
            details = [d for d in item.get("details") or [] if isinstance(d, dict)]
            if _ours(item, msg_data_id) and details:
                latest = max(details, key=lambda d: str(d.get("stat_date", "")))
                views = int(latest.get("int_page_read_count", 0))
                shares = int(latest.get("share_count", 0))
                for name in ("int_page_read_user", "ori_page_read_count", "add_to_fav_count", "target_user"):
                    extra[name] = float(latest.get(name, 0))
        for item in await _daily(ctx, "getarticlesummary", yesterday):
            if _ours(item, msg_data_id):
                extra["int_page_read_count_yesterday"] = float(item.get("int_page_read_count", 0))
        account_shares = await _daily(ctx, "getusershare", yesterday)
        extra["account_share_count_yesterday"] = float(sum(int(i.get("share_count", 0)) for i in account_shares))
    return Metrics(
        measured_at=now,
        views=views,
        shares=shares,
        comments=await _comment_total(ctx, msg_data_id),
        extra=extra,
    )


async def _comment_page(ctx: Context, msg_data_id: str, begin: int, count: int) -> Json:
    return await call(
        ctx,
        "/cgi-bin/comment/list",
        idempotent=True,
        body={
            "msg_data_id": int(msg_data_id),
            "index": 0,
            "begin": begin,
            "count": count,
            "type": 0,
        },
    )


async def _comment_total(ctx: Context, msg_data_id: str) -> int | None:
    try:
        answer = await _comment_page(ctx, msg_data_id, 0, 1)
    except TerminalChannelError as error:
        if error.code == _NO_COMMENT_PRIVILEGE:
            return None  # comments are not open for this account: nothing to count
        raise
    return int(answer.get("total", 0))


async def comments(ctx: Context, ref: PublicationRef, since: datetime | None) -> list[FeedbackItem]:
    """The article's comments (normal and selected) after ``since``, oldest first."""
    msg_data_id = _msg_data_id(ref)
    found: list[FeedbackItem] = []
    begin = 0
    for _ in range(_MAX_COMMENT_PAGES):
        answer = await _comment_page(ctx, msg_data_id, begin, _COMMENTS_PAGE)
        batch = [c for c in answer.get("comment") or [] if isinstance(c, dict)]
        found.extend(_item(c) for c in batch)
        begin += len(batch)
        if len(batch) < _COMMENTS_PAGE or begin >= int(answer.get("total", 0)):
            break
    items = [i for i in found if since is None or i.created_at > since]
    return sorted(items, key=lambda i: (i.created_at, i.external_id))


def _item(comment: dict[str, Any]) -> FeedbackItem:
    openid = str(comment.get("openid") or "")
    # comment/list gives no nickname: only the commenter's openid, and none for non-WeChat identities.
    author = f"微信用户 {openid[-6:]}" if openid else "微信用户"
    return FeedbackItem(
        external_id=str(comment.get("user_comment_id", "")),
        author=author,
        text=str(comment.get("content", "")),
        created_at=datetime.fromtimestamp(int(comment.get("create_time", 0)), UTC),
    )
