"""Posting with ``statuses/share``, reading a post back, finding one without its id, and deleting it."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import datetime, timedelta
from typing import Any, Final

from fabu.channels import (
    ChannelContext,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    ReleaseSnapshot,
    Severity,
    StatusReport,
    TerminalChannelError,
)
from fabu_weibo.client import WeiboApiError, call
from fabu_weibo.config import WeiboConfig
from fabu_weibo.errors import NOT_FOUND
from fabu_weibo.text import compose, findings, link_outside, picture_of

__all__ = ["find_post", "parse_time", "read_post", "remove_post", "share"]

Context = ChannelContext[WeiboConfig]

SHARE: Final = "/2/statuses/share.json"
_TIMELINE_PAGE: Final = 100
_TIMELINE_PAGES: Final = 5
_CLOCK_SKEW: Final = timedelta(minutes=10)


def parse_time(value: str) -> datetime:
    """Weibo's ``created_at``, e.g. ``"Wed Oct 24 23:49:17 +0800 2012"``."""
    return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")


def _ids(status: dict[str, Any]) -> dict[str, str]:
    ids = {"id": str(status.get("idstr") or status.get("id") or "")}
    if status.get("mid"):
        ids["mid"] = str(status["mid"])
    user = status.get("user")
    if isinstance(user, dict) and user.get("id"):
        ids["uid"] = str(user.get("idstr") or user["id"])
    return ids


def _url(ids: dict[str, str]) -> str | None:
    # Not in the API docs: weibo.com/<uid>/<id> is where a post is shown on the web.
    return f"https://weibo.com/{ids['uid']}/{ids['id']}" if "uid" in ids else None


def _refuse_before_calling(ctx: Context, release: ReleaseSnapshot) -> str:
    errors = [f for f in findings(release) if f.severity is Severity.ERROR]
    if errors:
        raise TerminalChannelError(errors[0].code, "; ".join(str(f.message) for f in errors))
    link = release.links.get("portal")
    if not link:
        raise TerminalChannelError(
            "portal_link_missing",
            "微博须附门户链接，请先发布到门户 / a Weibo post needs the portal link; publish to the portal first",
        )
    if link_outside(link, ctx.config.safe_domains):
        raise TerminalChannelError(
            "link_not_safe_domain",
            "门户链接不在微博应用绑定的安全域名下 / the portal link is not under the app's bound safe domains",
        )
    return compose(release).text


async def share(ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
    """Post the release once, with its picture if it has one; ``PUBLISHED`` with the post's ids."""
    text = _refuse_before_calling(ctx, release)
    picture = picture_of(release)
    files = None
    if picture is not None:
        try:
            data = await ctx.media.read(picture.key)
        except KeyError:
            raise TerminalChannelError("attachment_missing", "找不到配图文件 / the picture's file is missing") from None
        if hashlib.sha256(data).hexdigest() != picture.sha256:
            raise TerminalChannelError(
                "attachment_changed", "配图与审批版本不一致 / the picture differs from the approved version"
            )
        files = {"pic": (picture.name, data, picture.content_type)}
    status = await call(ctx, "POST", SHARE, idempotent=False, data={"status": text}, files=files)
    ids = _ids(status)
    if not ids["id"]:
        raise TerminalChannelError("no_id", "微博未返回 ID / Weibo returned no post id")
    ctx.logger.info("weibo: release %s posted as %s", release.release_id, ids["id"])
    created = status.get("created_at")
    return PublishReceipt(
        state=PublicationState.PUBLISHED,
        external_ids=ids,
        url=_url(ids),
        published_at=parse_time(created) if isinstance(created, str) else None,
        raw={"id": ids["id"], "text": str(status.get("text", ""))},
    )


async def read_post(ctx: Context, post_id: str) -> StatusReport:
    """The post's state by id: live, or gone (deleted by someone, or never there)."""
    try:
        status = await call(
            ctx,
            "GET",
            "/2/statuses/show.json",
            idempotent=True,
            params={"id": post_id},
            raw_errors=frozenset({NOT_FOUND}),
        )
    except WeiboApiError:
        return StatusReport(
            state=PublicationState.RETRACTED,
            message="微博已不存在 / the post no longer exists",
            external_ids={"id": post_id},
        )
    ids = _ids(status)
    if str(status.get("deleted", "")) == "1":
        return StatusReport(state=PublicationState.RETRACTED, message="已删除 / deleted", external_ids=ids)
    return StatusReport(state=PublicationState.PUBLISHED, external_ids=ids, url=_url(ids))


async def find_post(ctx: Context, ref: PublicationRef) -> StatusReport:
    """The account's post for ``ref`` (``【title】`` since the attempt), searched on its own timeline."""
    marker = f"【{ref.title}】"
    since = ref.attempted_at - _CLOCK_SKEW if ref.attempted_at else None
    matches: list[dict[str, Any]] = []
    covered = False
    for page in range(1, _TIMELINE_PAGES + 1):
        answer = await call(
            ctx,
            "GET",
            "/2/statuses/user_timeline.json",
            idempotent=True,
            params={"count": str(_TIMELINE_PAGE), "page": str(page), "trim_user": "0"},
        )
        statuses = [s for s in answer.get("statuses") or [] if isinstance(s, dict)]
        times = [parse_time(s["created_at"]) for s in statuses if isinstance(s.get("created_at"), str)]
        matches += [
            s
            for s, at in zip(statuses, times, strict=False)
            if marker in str(s.get("text", "")) and (since is None or at >= since)
        ]
        if len(statuses) < _TIMELINE_PAGE or (since is not None and times and min(times) < since):
            covered = True
            break
    if len(matches) == 1:
        ids = _ids(matches[0])
        return StatusReport(
            state=PublicationState.PUBLISHED,
            external_ids=ids,
            url=_url(ids),
            message="在账号微博中找到 / found on the account's timeline",
        )
    if matches:
        listed = ", ".join(_ids(m)["id"] for m in matches)
        return StatusReport(state=PublicationState.UNKNOWN, message=f"找到多条同题微博 / several posts match: {listed}")
    settled = ref.attempted_at is not None and ctx.clock() - ref.attempted_at >= timedelta(
        seconds=ctx.config.settle_seconds
    )
    if covered and settled:
        return StatusReport(
            state=PublicationState.NOT_FOUND, message="账号微博中没有此稿 / not on the account's timeline"
        )
    return StatusReport(
        state=PublicationState.UNKNOWN,
        message="暂未在账号微博中找到，稍后再核对 / not on the timeline yet; check again later",
    )


async def remove_post(ctx: Context, ref: PublicationRef) -> StatusReport:
    """Delete the post with ``statuses/destroy``; one already gone counts as deleted."""
    post_id = ref.external_ids.get("id")
    if not post_id:
        found = await find_post(ctx, ref)
        post_id = found.external_ids.get("id") if found.state is PublicationState.PUBLISHED else None
    if not post_id:
        raise TerminalChannelError("not_found", "找不到要删除的微博 / no post to delete was found")
    # Deleting is safe to repeat: a lost answer is retried, never left unknown; a post already gone is fine.
    with contextlib.suppress(WeiboApiError):
        await call(
            ctx,
            "POST",
            "/2/statuses/destroy.json",
            idempotent=True,
            data={"id": post_id},
            raw_errors=frozenset({NOT_FOUND}),
        )
    ctx.logger.info("weibo: post %s deleted", post_id)
    return StatusReport(
        state=PublicationState.RETRACTED,
        message="已删除 / deleted",
        external_ids={**ref.external_ids, "id": post_id},
    )
