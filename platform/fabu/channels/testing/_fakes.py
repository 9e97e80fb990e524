"""Stand-ins for what the pipeline hands a plugin: a sample release, media in memory, a fixed clock."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from uuid import UUID

from fabu.channels.api import Attachment, ReleaseSnapshot

__all__ = [
    "SAMPLE_IMAGE",
    "SAMPLE_IMAGE_KEY",
    "SAMPLE_TENANT_ID",
    "FixedClock",
    "InMemoryMedia",
    "sample_release",
]


def _one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xc8\x10\x2e")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


SAMPLE_IMAGE: Final = _one_pixel_png()
"""A valid one-pixel PNG, the sample release's attachment."""
SAMPLE_IMAGE_KEY: Final = "tenants/sample/attachments/chart.png"
"""The object-store key of :data:`SAMPLE_IMAGE`."""
SAMPLE_TENANT_ID: Final = UUID("00000000-0000-4000-8000-00000000fab0")
"""The tenant of the sample release."""


class InMemoryMedia:
    """A :class:`~fabu.channels.api.MediaReader` over a dict of key to bytes."""

    def __init__(self, objects: Mapping[str, bytes] | None = None) -> None:
        self.objects = dict(objects or {})
        self.reads: list[str] = []
        """Keys read so far, in order."""

    async def read(self, key: str) -> bytes:
        """The bytes under ``key``; ``KeyError`` if none."""
        self.reads.append(key)
        return self.objects[key]

    def attachment(self, key: str, name: str, content_type: str) -> Attachment:
        """An :class:`Attachment` describing the object under ``key``."""
        data = self.objects[key]
        return Attachment(
            name=name,
            key=key,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )


class FixedClock:
    """A clock for tests: returns the time it is set to, moved only by :meth:`advance`."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(seconds=seconds)


def sample_release(**overrides: Any) -> ReleaseSnapshot:
    """A typical release, with the sample image attached; keyword arguments replace fields."""
    body = "为进一步做好政务公开工作，现将有关事项通知如下：一、各单位应于三月底前完成年度报告。"
    fields: dict[str, Any] = {
        "release_id": UUID("00000000-0000-4000-8000-0000000000a1"),
        "tenant_id": SAMPLE_TENANT_ID,
        "title": "关于做好2025年政务公开工作的通知",
        "summary": "部署2025年度政务公开重点工作。",
        "body_html": f"<p>{body}</p>",
        "body_text": body,
        "category": "通知公告",
        "index_number": "000014349/2025-00012",
        "department": "办公室",
        "published_at": datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
        "attachments": (
            InMemoryMedia({SAMPLE_IMAGE_KEY: SAMPLE_IMAGE}).attachment(
                SAMPLE_IMAGE_KEY, "图表.png", "image/png"
            ),
        ),
        "links": {"portal": "https://www.example.gov.cn/zwgk/2025/0301/a1.html"},
        "content_sha256": hashlib.sha256(body.encode()).hexdigest(),
    }
    fields.update(overrides)
    return ReleaseSnapshot(**fields)
