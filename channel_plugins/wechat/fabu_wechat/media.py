"""Images to WeChat: body images through ``media/uploadimg``, the cover through ``material/add_material``.

Uploading publishes nothing, so these calls are safe to repeat. Each upload is remembered in the
shared cache by the bytes' SHA-256 (a URL for body images, a permanent ``media_id`` for covers),
so a retried publication, or the next release with the same logo, does not upload again.
"""

from __future__ import annotations

import hashlib
from typing import Final

from fabu.channels import Attachment, ChannelContext, TerminalChannelError
from fabu_wechat.client import call
from fabu_wechat.config import WeChatConfig

__all__ = ["read_checked", "sniff_image_type", "upload_body_image", "upload_cover"]

Context = ChannelContext[WeChatConfig]

_REMEMBER: Final = 30 * 86_400.0
_EXTENSIONS: Final = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
}


def sniff_image_type(data: bytes) -> str | None:
    """The image type the bytes say they are (PNG, JPEG, GIF or BMP), or ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"BM"):
        return "image/bmp"
    return None


async def read_checked(ctx: Context, attachment: Attachment) -> bytes:
    """The attachment's bytes, refused unless they are the approved ones."""
    try:
        data = await ctx.media.read(attachment.key)
    except KeyError:
        raise TerminalChannelError(
            "attachment_missing", f"找不到附件“{attachment.name}”的文件 / an attachment's file is missing"
        ) from None
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise TerminalChannelError(
            "attachment_changed",
            f"附件“{attachment.name}”与审批版本不一致 / an attachment differs from the approved version",
        )
    return data


async def _remembered(ctx: Context, key: str) -> str | None:
    return None if ctx.cache is None else await ctx.cache.get(key)


async def _remember(ctx: Context, key: str, value: str) -> None:
    if ctx.cache is not None:
        await ctx.cache.set(key, value, ttl=_REMEMBER)


def _file(data: bytes, content_type: str) -> dict[str, tuple[str, bytes, str]]:
    name = "image" + _EXTENSIONS.get(content_type, "")
    return {"media": (name, data, content_type)}


async def upload_body_image(ctx: Context, data: bytes) -> str:
    """The WeChat URL of a body image (JPG/PNG under 1 MB), uploaded with ``media/uploadimg``."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"wechat:body_image:{ctx.config.app_id}:{digest}"
    if (url := await _remembered(ctx, key)) is not None:
        return url
    content_type = sniff_image_type(data) or "application/octet-stream"
    answer = await call(ctx, "/cgi-bin/media/uploadimg", idempotent=True, files=_file(data, content_type))
    url = str(answer.get("url") or "")
    if not url:
        raise TerminalChannelError("no_url", "上传图片未返回地址 / the image upload returned no URL")
    await _remember(ctx, key, url)
    return url


async def upload_cover(ctx: Context, data: bytes) -> str:
    """The permanent ``media_id`` of the cover, uploaded as an ``image`` material."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"wechat:cover:{ctx.config.app_id}:{digest}"
    if (media_id := await _remembered(ctx, key)) is not None:
        return media_id
    content_type = sniff_image_type(data) or "application/octet-stream"
    answer = await call(
        ctx,
        "/cgi-bin/material/add_material",
        idempotent=True,
        files=_file(data, content_type),
        params={"type": "image"},
    )
    media_id = str(answer.get("media_id") or "")
    if not media_id:
        raise TerminalChannelError("no_media_id", "上传封面未返回素材 ID / the cover upload returned no media_id")
    await _remember(ctx, key, media_id)
    return media_id
