"""The production store: one bucket on MinIO or any S3-compatible service, through ``minio``.

The ``minio`` client blocks, so every call runs in a worker thread. The SHA-256 of each object
is kept as user metadata (``x-amz-meta-sha256``) because S3's ETag is not a content hash for
multipart uploads.
"""

from __future__ import annotations

import asyncio
import builtins
import hashlib
import io
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Final, ParamSpec, TypeVar
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, GOVERNANCE, Filter
from minio.error import MinioException, S3Error
from minio.lifecycleconfig import LifecycleConfig, NoncurrentVersionExpiration, Rule
from minio.retention import Retention

from fabu.storage._errors import (
    ObjectNotFound,
    ObjectStoreError,
    ObjectStoreUnavailable,
)
from fabu.storage._protocol import ObjectInfo
from fabu.storage._validation import (
    validate_content_type,
    validate_key,
    validate_lifetime,
    validate_prefix,
)

_P = ParamSpec("_P")
_T = TypeVar("_T")

_SHA256_META = "sha256"
_SHA256_HEADER = "x-amz-meta-sha256"
_UNKNOWN_TYPE = "application/octet-stream"
_MISSING_KEY_CODES = frozenset({"NoSuchKey", "NoSuchObject"})

logger = logging.getLogger(__name__)

OLD_VERSIONS_KEPT_DAYS: Final = 30
"""Days a replaced or deleted object's previous version stays in a versioned bucket (a short undo window)."""

_DROP_OLD_VERSIONS: Final = LifecycleConfig(
    [
        Rule(
            ENABLED, rule_filter=Filter(prefix=""), rule_id="fabu-drop-old-versions",
            noncurrent_version_expiration=NoncurrentVersionExpiration(noncurrent_days=OLD_VERSIONS_KEPT_DAYS),
        )
    ]
)
# How many HEAD requests ``list`` keeps in flight to read each object's metadata.
_LIST_CONCURRENCY = 8


class S3ObjectStore:
    """An :class:`~fabu.storage.ObjectStore` on one S3 bucket.

    Build it with :meth:`connect`, then call :meth:`ensure_bucket` once at startup.

    Args:
        client: a configured ``minio.Minio`` client.
        bucket: the bucket holding every object.
    """

    def __init__(self, client: Minio, bucket: str) -> None:
        self._client = client
        self._bucket = bucket
        self._lockable: bool | None = None  # whether the bucket has object lock; asked once, when first needed

    @classmethod
    def connect(
        cls,
        endpoint: str,
        *,
        bucket: str,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str = "us-east-1",
        timeout: float = 10.0,
        max_retries: int = 3,
    ) -> S3ObjectStore:
        """Create a store for ``endpoint``, a URL such as ``http://minio:9000``.

        ``timeout`` bounds each connect and each read, and ``max_retries`` the retries of a
        failed request; minio's own defaults (5 minutes, 5 retries) would let a dead store
        hang a health check for far too long. Passing ``region`` also spares minio a
        bucket-location request before the first call.
        """
        parts = urlsplit(endpoint)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.netloc
            or parts.path not in {"", "/"}
        ):
            raise ValueError(
                f"S3 端点须形如 http(s)://主机:端口 / S3 endpoint must look like http(s)://host:port: {endpoint!r}"
            )
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            retries=urllib3.Retry(
                total=max_retries,
                backoff_factor=0.2,
                status_forcelist=[500, 502, 503, 504],
            ),
        )
        client = Minio(
            parts.netloc,
            access_key=access_key,
            secret_key=secret_key,
            secure=parts.scheme == "https",
            region=region,
            http_client=http,
        )
        return cls(client, bucket)

    @property
    def bucket(self) -> str:
        return self._bucket

    async def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet."""
        await _off_loop(self._ensure_bucket)

    async def put(self, key: str, data: bytes, *, content_type: str) -> ObjectInfo:
        validate_key(key)
        validate_content_type(content_type)
        return await _off_loop(self._put, key, data, content_type)

    async def get(self, key: str) -> bytes:
        validate_key(key)
        return await _off_loop(self._get, key)

    async def stat(self, key: str) -> ObjectInfo | None:
        validate_key(key)
        return await _off_loop(self._stat, key)

    async def delete(self, key: str) -> None:
        validate_key(key)
        # S3 answers a delete of a missing key with success, which is the contract.
        await _off_loop(self._client.remove_object, self._bucket, key)

    async def retain(self, key: str, until: datetime | None) -> bool:
        validate_key(key)
        return await _off_loop(self._retain, key, until)

    async def presigned_url(self, key: str, *, expires: timedelta) -> str:
        validate_key(key)
        validate_lifetime(expires)
        return await _off_loop(
            self._client.presigned_get_object, self._bucket, key, expires=expires
        )

    async def list(self, prefix: str) -> builtins.list[ObjectInfo]:
        validate_prefix(prefix)
        keys = await _off_loop(self._list_keys, prefix)
        # A listing carries neither content type nor our sha256 metadata, so each object
        # needs a HEAD; a few at a time keeps a long listing from being one slow round trip each.
        limit = asyncio.Semaphore(_LIST_CONCURRENCY)

        async def stat(key: str) -> ObjectInfo | None:
            async with limit:
                return await _off_loop(self._stat, key)

        infos = await asyncio.gather(*(stat(key) for key in keys))
        # An object deleted between the listing and its HEAD is simply left out.
        return sorted(
            (info for info in infos if info is not None), key=lambda info: info.key
        )

    async def ping(self) -> None:
        if not await _off_loop(self._client.bucket_exists, self._bucket):
            raise ObjectStoreUnavailable(f"bucket {self._bucket!r} does not exist")

    # -- blocking implementations, run in a worker thread -------------------------------

    def _ensure_bucket(self) -> None:
        if self._client.bucket_exists(self._bucket):
            return
        try:
            # With object lock, so archive packages can be kept by the store itself (``retain``).
            self._client.make_bucket(self._bucket, object_lock=True)
            # Object lock turns versioning on: without this rule every re-rendered page or replaced
            # object would be kept as an old version forever. Locked versions outlive it.
            self._client.set_bucket_lifecycle(self._bucket, _DROP_OLD_VERSIONS)
        except S3Error as error:
            # Another process created it between our two calls.
            if error.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise

    def _retain(self, key: str, until: datetime | None) -> bool:
        if self._lockable is None:
            try:
                self._client.get_object_lock_config(self._bucket)
                self._lockable = True
            except S3Error as error:
                if error.code != "ObjectLockConfigurationNotFoundError":
                    raise
                self._lockable = False
                logger.warning(
                    "存储桶 %s 未启用对象锁定，保管期只由 Fabu 维护 / bucket %s has no object lock: retention is kept by Fabu only",
                    self._bucket, self._bucket,
                )  # fmt: skip
        if self._stat(key) is None:  # asked first: some S3 servers answer a lock on a missing key with a 500
            raise ObjectNotFound(key)
        if not self._lockable:
            return False
        try:
            if until is None:
                self._client.enable_object_legal_hold(self._bucket, key)
            else:
                self._client.set_object_retention(self._bucket, key, Retention(GOVERNANCE, until))
        except S3Error as error:
            if error.code in _MISSING_KEY_CODES:
                raise ObjectNotFound(key) from None
            raise
        return True

    def _put(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        digest = hashlib.sha256(data).hexdigest()
        result = self._client.put_object(
            self._bucket,
            key,
            io.BytesIO(data),
            len(data),
            content_type=content_type,
            metadata={_SHA256_META: digest},
        )
        # S3 does not return Last-Modified on PUT; its Date header is the write's time.
        date = result.http_headers.get("date")
        modified = (
            parsedate_to_datetime(date).astimezone(UTC) if date else datetime.now(UTC)
        )
        return ObjectInfo(key, len(data), digest, content_type, modified)

    def _get(self, key: str) -> bytes:
        try:
            response = self._client.get_object(self._bucket, key)
        except S3Error as error:
            if error.code in _MISSING_KEY_CODES:
                raise ObjectNotFound(key) from None
            raise
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def _stat(self, key: str) -> ObjectInfo | None:
        try:
            found = self._client.stat_object(self._bucket, key)
        except S3Error as error:
            if error.code in _MISSING_KEY_CODES:
                return None
            raise
        digest = (found.metadata or {}).get(_SHA256_HEADER)
        if not digest:
            # Written by something other than this store: hash the bytes to answer.
            try:
                digest = hashlib.sha256(self._get(key)).hexdigest()
            except ObjectNotFound:
                return None
        return ObjectInfo(
            key=key,
            size=found.size or 0,
            sha256=digest,
            content_type=found.content_type or _UNKNOWN_TYPE,
            modified=found.last_modified or datetime.now(UTC),
        )

    def _list_keys(self, prefix: str) -> builtins.list[str]:
        listing = self._client.list_objects(
            self._bucket, prefix=prefix or None, recursive=True
        )
        return [
            item.object_name for item in listing if item.object_name and not item.is_dir
        ]


async def _off_loop(
    function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _T:
    """Run a blocking minio call in a thread; turn transport and server failures into a storage error."""
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except ObjectStoreError:
        raise
    except S3Error as error:
        raise ObjectStoreUnavailable(f"{error.code}: {error.message}") from error
    except (MinioException, urllib3.exceptions.HTTPError, OSError) as error:
        raise ObjectStoreUnavailable(f"{type(error).__name__}: {error}") from error
