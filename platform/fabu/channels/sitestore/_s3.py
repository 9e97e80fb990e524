"""The site on an S3 bucket (MinIO or any S3-compatible service), through the ``minio`` client.

The client blocks, so each call runs in a worker thread. Pages get a short ``Cache-Control`` so
a CDN in front of the bucket picks up re-rendered index pages within minutes.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Final, ParamSpec, TypeVar
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error

from fabu.channels.sitestore._store import SiteStoreConfigError, SiteStoreError, validate_site_key

__all__ = ["S3SiteStore"]

_P = ParamSpec("_P")
_T = TypeVar("_T")
_MISSING: Final = frozenset({"NoSuchKey", "NoSuchObject"})
_MISCONFIGURED: Final = frozenset(
    {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "NoSuchBucket"}
)
_CACHE_CONTROL: Final = "public, max-age=300"


class S3SiteStore:
    """Site files as objects under ``prefix`` in one bucket."""

    def __init__(self, client: Minio, bucket: str, prefix: str) -> None:
        self._client = client
        self._bucket = bucket
        self._prefix = prefix

    @classmethod
    def connect(
        cls,
        endpoint: str,
        *,
        bucket: str,
        prefix: str,
        access_key: str | None,
        secret_key: str | None,
        region: str,
        timeout: float = 10.0,
    ) -> S3SiteStore:
        """A store on ``endpoint`` (``http(s)://host:port``); nothing is contacted yet."""
        parts = urlsplit(endpoint)
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            retries=urllib3.Retry(total=2, backoff_factor=0.2),
        )
        client = Minio(
            parts.netloc,
            access_key=access_key,
            secret_key=secret_key,
            secure=parts.scheme == "https",
            region=region,
            http_client=http,
        )
        return cls(client, bucket, prefix)

    def _key(self, key: str) -> str:
        return self._prefix + validate_site_key(key)

    async def read(self, key: str) -> bytes | None:
        return await _off_loop(self._read, self._key(key))

    async def write(self, key: str, data: bytes, content_type: str) -> None:
        await _off_loop(
            self._client.put_object,
            self._bucket,
            self._key(key),
            io.BytesIO(data),
            len(data),
            content_type=content_type,
            metadata={"Cache-Control": _CACHE_CONTROL},
        )

    async def delete(self, key: str) -> None:
        await _off_loop(self._client.remove_object, self._bucket, self._key(key))

    async def keys(self, prefix: str) -> list[str]:
        return await _off_loop(self._keys, prefix)

    def _read(self, full_key: str) -> bytes | None:
        try:
            response = self._client.get_object(self._bucket, full_key)
        except S3Error as error:
            if error.code in _MISSING:
                return None
            raise
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def _keys(self, prefix: str) -> list[str]:
        found = self._client.list_objects(self._bucket, prefix=self._prefix + prefix, recursive=True)
        return sorted(item.object_name.removeprefix(self._prefix) for item in found if item.object_name is not None)


async def _off_loop(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except S3Error as error:
        if error.code in _MISCONFIGURED:
            raise SiteStoreConfigError(f"{error.code}: {error.message}") from error
        raise SiteStoreError(f"{error.code}: {error.message}") from error
    except (MinioException, urllib3.exceptions.HTTPError, OSError) as error:
        raise SiteStoreError(f"{type(error).__name__}: {error}") from error
