"""Images in a body reference media stored in the unit's object store; the references must resolve."""

from __future__ import annotations

from fabu.errors import FabuError
from fabu.releases.errors import ReleaseErrorCode
from fabu.releases.sanitize import media_references
from fabu.storage import TenantObjects


async def check_media(body_html: str, objects: TenantObjects) -> None:
    """Raise if an image of the body names media that is not in the unit's store."""
    for sha256 in media_references(body_html):
        if await objects.stat(TenantObjects.content_key(sha256)) is None:
            raise FabuError(
                ReleaseErrorCode.MEDIA_NOT_FOUND,
                f"正文图片引用的媒体文件不存在：{sha256[:12]}…",
                f"an image in the body references media that is not stored: {sha256[:12]}…",
                field="bodyHtml",
            )
