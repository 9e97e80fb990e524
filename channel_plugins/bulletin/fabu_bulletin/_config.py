"""A tenant's settings for its notice boards."""

from __future__ import annotations

import re
from typing import Final, Literal
from uuid import UUID

from pydantic import Field, field_validator

from fabu.channels.sitestore import TENANT, StorageSettings, expand

__all__ = ["BulletinConfig", "FontChoice"]

_URL: Final = re.compile(r"^https?://[^/\s]+(/\S*)?$")

FontChoice = Literal["auto", "wqy-microhei", "wqy-zenhei", "droid-sans-fallback", "arphic-uming"]
"""The CJK fonts the notice PDF can embed (TrueType outlines, as the PDF library requires)."""


class BulletinConfig(StorageSettings):
    """The unit's header, the posting rules, and where the notices and the signage page are written."""

    prefix: str = f"{TENANT}/bulletin/"
    """路径前缀 / Key prefix of this tenant's files; {tenant_id} is replaced by the tenant's id."""
    unit_name: str = Field(min_length=1, max_length=40)
    """单位名称 / The unit's name, printed as the notice's header, e.g. 示例市人民政府办公室."""
    unit_name_en: str = ""
    """单位英文名称 / The unit's name in English (signage page only; optional)."""
    board_name: str = Field(default="政务公开栏", min_length=1, max_length=30)
    """公告栏名称 / The board's name, shown on the signage page."""
    public_url: str = f"http://127.0.0.1:8000/sites/{TENANT}/bulletin/"
    """公开地址 / Public address of the files (PDFs, signage page, JSON feed); {tenant_id} is replaced."""
    posting_days: int = Field(default=30, ge=1, le=365)
    """张贴天数 / Default posting period in days, when the release sets none."""
    rotate_seconds: int = Field(default=20, ge=5, le=300)
    """轮播间隔 / Seconds each notice stays on the signage screen."""
    font: FontChoice = "auto"
    """中文字体 / The CJK font to embed: "auto" picks the first installed of the others."""

    @field_validator("public_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not _URL.match(value):
            raise ValueError("公开地址须为 http(s) 绝对地址 / public_url must be an absolute http(s) URL")
        return value if value.endswith("/") else value + "/"

    def public_url_for(self, tenant_id: UUID) -> str:
        """The public address of the tenant's bulletin files, ending in ``/``."""
        return expand(self.public_url, tenant_id)
