"""The draft: images uploaded, the body rewritten to WeChat's URLs, the article created with ``draft/add``.

A draft publishes nothing by itself, but ``freepublish/submit`` takes no idempotency key, so the
draft's ``media_id`` is the publication's natural one: it is remembered in the shared cache under
the release and a fingerprint of its content, and a publish retried after a certain failure
submits the same draft again instead of making a second one. Once WeChat has published a draft it
removes it from the draft box, so re-submitting a draft already consumed fails instead of
publishing twice (see ``publishing``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final

from fabu.channels import ChannelContext, ReleaseSnapshot, TerminalChannelError
from fabu_wechat.body import rewrite_images, scan_body, wechat_hosted
from fabu_wechat.client import call
from fabu_wechat.config import WeChatConfig
from fabu_wechat.media import read_checked, upload_body_image, upload_cover
from fabu_wechat.rules import (
    CONTENT_BYTES_MAX,
    CONTENT_CHARS_MAX,
    author_of,
    cover_of,
)

__all__ = ["Draft", "forget_draft", "prepare_draft"]

Context = ChannelContext[WeChatConfig]

_KEEP_DRAFT: Final = 7 * 86_400.0


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft in the account's draft box, ready to submit."""

    media_id: str
    """The draft's ``media_id``."""
    reused: bool
    """Whether an earlier attempt made it (so it may have been submitted already)."""
    cache_key: str
    """Where it is remembered."""


def _fingerprint(release: ReleaseSnapshot) -> str:
    parts = {
        "title": release.title,
        "author": author_of(release),
        "digest": release.summary,
        "body": release.body_html,
        "source": release.links.get("portal", ""),
        "attachments": [a.sha256 for a in release.attachments],
        "cover": release.variant.get("cover_image_key"),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _key(ctx: Context, release: ReleaseSnapshot) -> str:
    return f"wechat:draft:{ctx.config.app_id}:{release.release_id}:{_fingerprint(release)[:32]}"


async def prepare_draft(ctx: Context, release: ReleaseSnapshot) -> Draft:
    """The release's draft: the one an earlier attempt made, or a new one."""
    key = _key(ctx, release)
    if ctx.cache is not None and (media_id := await ctx.cache.get(key)) is not None:
        ctx.logger.info("wechat: release %s reuses draft %s", release.release_id, media_id)
        return Draft(media_id, reused=True, cache_key=key)
    content = await _content(ctx, release)
    thumb_media_id = await upload_cover(ctx, await _cover_bytes(ctx, release))
    article: dict[str, Any] = {
        "article_type": "news",
        "title": release.title,
        "author": author_of(release),
        "digest": release.summary,
        "content": content,
        "content_source_url": release.links.get("portal", ""),
        "thumb_media_id": thumb_media_id,
        "need_open_comment": int(ctx.config.open_comment),
        "only_fans_can_comment": int(ctx.config.only_fans_can_comment),
    }
    # A draft publishes nothing: a lost answer at worst leaves a spare draft in the draft box.
    answer = await call(ctx, "/cgi-bin/draft/add", idempotent=True, body={"articles": [article]})
    media_id = str(answer.get("media_id") or "")
    if not media_id:
        raise TerminalChannelError("no_media_id", "新建草稿未返回 media_id / draft/add returned no media_id")
    if ctx.cache is not None:
        await ctx.cache.set(key, media_id, ttl=_KEEP_DRAFT)
    return Draft(media_id, reused=False, cache_key=key)


async def forget_draft(ctx: Context, draft: Draft) -> None:
    """Stop reusing ``draft``: it was submitted."""
    if ctx.cache is not None:
        await ctx.cache.delete(draft.cache_key, expected=draft.media_id)


async def _content(ctx: Context, release: ReleaseSnapshot) -> str:
    attachments = {a.key: a for a in release.attachments}
    sources: dict[str, str] = {}
    for src in scan_body(release.body_html).images:
        if src in sources or wechat_hosted(src):
            continue
        attachment = attachments.get(src)
        if attachment is None:
            raise TerminalChannelError(
                "body_image_not_uploadable",
                "正文含外部图片，公众号会过滤 / the body holds an external image WeChat would filter",
            )
        sources[src] = await upload_body_image(ctx, await read_checked(ctx, attachment))
    content = rewrite_images(release.body_html, sources)
    if len(content) > CONTENT_CHARS_MAX or len(content.encode()) > CONTENT_BYTES_MAX:
        raise TerminalChannelError(
            "body_html_too_long",
            f"正文 HTML 共 {len(content)} 字符，超过公众号上限 / the body's HTML ({len(content)} characters) exceeds WeChat's limit",
        )
    return content


async def _cover_bytes(ctx: Context, release: ReleaseSnapshot) -> bytes:
    cover = cover_of(release)
    if cover is None:
        raise TerminalChannelError("cover_required", "缺少封面图 / the article needs a cover image")
    if isinstance(cover, str):
        try:
            return await ctx.media.read(cover)
        except KeyError:
            raise TerminalChannelError(
                "cover_missing", "找不到指定的封面图 / the chosen cover image does not exist"
            ) from None
    return await read_checked(ctx, cover)
