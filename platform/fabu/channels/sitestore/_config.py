"""The config fields choosing where the site is written, and the store they describe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final, Literal
from uuid import UUID

from pydantic import model_validator

from fabu.channels import ChannelConfig, Secret
from fabu.channels.sitestore._s3 import S3SiteStore
from fabu.channels.sitestore._store import DirectorySiteStore, SiteStore, validate_site_key

__all__ = ["StorageSettings", "expand", "site_store"]

TENANT: Final = "{tenant_id}"
"""The placeholder replaced by the tenant's id in ``prefix`` and in public URLs."""
_ENDPOINT: Final = re.compile(r"^https?://[^/\s]+/?$")


def expand(template: str, tenant_id: UUID) -> str:
    """``template`` with :data:`TENANT` replaced by ``tenant_id``."""
    return template.replace(TENANT, str(tenant_id))


class StorageSettings(ChannelConfig):
    """Where the files go: a local directory (development) or an S3-compatible bucket."""

    storage: Literal["directory", "s3"] = "directory"
    """存储方式 / Storage: "directory" (development) or "s3" (MinIO or any S3-compatible service)."""
    directory: str = ".fabu/sites"
    """本地目录 / Local directory (storage "directory"; relative to Fabu's working directory)."""
    prefix: str = f"{TENANT}/"
    """路径前缀 / Key prefix of this tenant's files; {tenant_id} is replaced by the tenant's id."""
    s3_endpoint: str = ""
    """S3 端点 / S3 endpoint, e.g. https://minio.example.gov.cn:9000."""
    s3_bucket: str = ""
    """S3 存储桶 / S3 bucket."""
    s3_region: str = "us-east-1"
    """S3 区域 / S3 region."""
    s3_access_key: str = ""
    """S3 访问密钥 ID / S3 access key id."""
    s3_secret_key: Secret | None = None
    """S3 私有访问密钥 / S3 secret key (encrypted at rest, never shown)."""

    @model_validator(mode="after")
    def _storage_is_usable(self) -> StorageSettings:
        probe = expand(self.prefix, UUID(int=0))
        if probe:
            try:
                validate_site_key(probe.removesuffix("/"))
            except ValueError:
                raise ValueError(
                    "prefix 须为相对路径，如 {tenant_id}/ / prefix must be a relative path such as {tenant_id}/"
                ) from None
        if self.storage == "s3" and not (_ENDPOINT.match(self.s3_endpoint) and self.s3_bucket):
            raise ValueError(
                "S3 存储须填写端点（http(s)://主机:端口）和存储桶 / S3 storage needs an endpoint (http(s)://host:port) and a bucket"
            )
        return self

    def prefix_for(self, tenant_id: UUID) -> str:
        """The tenant's key prefix, empty or ending in ``/``."""
        prefix = expand(self.prefix, tenant_id)
        return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def site_store(settings: StorageSettings, tenant_id: UUID) -> SiteStore:
    """The store ``settings`` describe for ``tenant_id``; nothing is contacted yet."""
    prefix = settings.prefix_for(tenant_id)
    if settings.storage == "directory":
        return DirectorySiteStore(Path(settings.directory, *prefix.split("/")))
    secret = settings.s3_secret_key
    return S3SiteStore.connect(
        settings.s3_endpoint,
        bucket=settings.s3_bucket,
        prefix=prefix,
        access_key=settings.s3_access_key or None,
        secret_key=secret.get_secret_value() if secret else None,
        region=settings.s3_region,
    )
