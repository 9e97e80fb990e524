"""A tenant's settings for its portal site."""

from __future__ import annotations

import re
from typing import Final
from uuid import UUID

from pydantic import Field, field_validator

from fabu.channels.sitestore import TENANT, StorageSettings, expand

__all__ = ["PortalConfig"]

_URL: Final = re.compile(r"^https?://[^/\s]+(/\S*)?$")


class PortalConfig(StorageSettings):
    """The site's identity, its public address and where its pages are written."""

    site_name: str = Field(min_length=1, max_length=60)
    """网站名称 / Site name, e.g. 示例市人民政府."""
    site_name_en: str = ""
    """网站英文名称 / Site name in English (optional)."""
    site_url: str = f"http://127.0.0.1:8000/sites/{TENANT}/"
    """网站地址 / Public address of the site root, used in feeds, the sitemap and receipts; {tenant_id} is replaced."""
    site_code: str = ""
    """政府网站标识码 / Government website code (shown in the footer)."""
    icp_number: str = ""
    """ICP 备案号 / ICP licence number (shown in the footer)."""
    contact: str = ""
    """联系方式 / Contact line for the footer, e.g. 联系电话：010-12345678."""
    page_size: int = Field(default=20, ge=5, le=100)
    """每页条数 / Articles per category index page."""
    feed_size: int = Field(default=20, ge=1, le=100)
    """订阅条数 / Articles in the RSS and Atom feeds."""
    english: bool = True
    """显示英文标签 / Show English labels next to the Chinese ones."""

    @field_validator("site_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not _URL.match(value):
            raise ValueError("网站地址须为 http(s) 绝对地址 / site_url must be an absolute http(s) URL")
        return value if value.endswith("/") else value + "/"

    def site_url_for(self, tenant_id: UUID) -> str:
        """The public address of the tenant's site root, ending in ``/``."""
        return expand(self.site_url, tenant_id)
