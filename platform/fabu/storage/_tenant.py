"""One tenant's share of a store, and content-addressed storage inside it."""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import re
from datetime import datetime, timedelta
from uuid import UUID

from fabu.storage._protocol import ObjectInfo, ObjectStore
from fabu.storage._validation import validate_key, validate_prefix

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class TenantObjects:
    """An :class:`~fabu.storage.ObjectStore` holding only one tenant's objects.

    Every key is taken relative to ``tenants/<tenant_id>/`` in the underlying store, and keys
    in the returned :class:`~fabu.storage.ObjectInfo` are relative again. Keys are validated
    before the prefix is added, and a valid key has no ``..`` segment, so no key or prefix
    can reach another tenant's objects.

    Args:
        store: the shared store.
        tenant_id: the tenant; a ``UUID``, never a string, since the id becomes a key prefix.
    """

    def __init__(self, store: ObjectStore, tenant_id: UUID) -> None:
        if not isinstance(tenant_id, UUID):
            raise TypeError(f"tenant_id must be a UUID, not {type(tenant_id).__name__}")
        self._store = store
        self._tenant_id = tenant_id
        self._prefix = f"tenants/{tenant_id}/"

    @property
    def tenant_id(self) -> UUID:
        return self._tenant_id

    @property
    def prefix(self) -> str:
        """The prefix of this tenant's keys in the underlying store, ending in ``/``."""
        return self._prefix

    def full_key(self, key: str) -> str:
        """The key under which the underlying store holds this tenant's ``key``."""
        return self._prefix + validate_key(key)

    @staticmethod
    def content_key(sha256: str) -> str:
        """The tenant-relative key of the content with this SHA-256: ``sha256/<aa>/<hex>``."""
        if not _SHA256_HEX.fullmatch(sha256):
            raise ValueError(
                f"不是小写十六进制 SHA-256 / not a lowercase hex SHA-256: {sha256!r}"
            )
        return f"sha256/{sha256[:2]}/{sha256}"

    async def put(self, key: str, data: bytes, *, content_type: str) -> ObjectInfo:
        return self._relative(
            await self._store.put(self.full_key(key), data, content_type=content_type)
        )

    async def put_content(self, data: bytes, content_type: str) -> ObjectInfo:
        """Store ``data`` under its own hash (see :meth:`content_key`) and describe it.

        Idempotent: when the same bytes are already stored they are not written again, and the
        existing object's info (including its original content type) is returned.
        """
        key = self.content_key(hashlib.sha256(data).hexdigest())
        existing = await self.stat(key)
        # Compare the hash too: an object written under this key by other means may differ.
        if existing is not None and existing.sha256 == key.rsplit("/", 1)[1]:
            return existing
        return await self.put(key, data, content_type=content_type)

    async def retain(self, key: str, until: datetime | None) -> bool:
        """Keep this tenant's object as it is until ``until`` (see :meth:`ObjectStore.retain`)."""
        return await self._store.retain(self.full_key(key), until)

    async def get(self, key: str) -> bytes:
        # ObjectNotFound names the full key; that is this tenant's own path, so nothing leaks.
        return await self._store.get(self.full_key(key))

    async def stat(self, key: str) -> ObjectInfo | None:
        info = await self._store.stat(self.full_key(key))
        return None if info is None else self._relative(info)

    async def delete(self, key: str) -> None:
        await self._store.delete(self.full_key(key))

    async def presigned_url(self, key: str, *, expires: timedelta) -> str:
        return await self._store.presigned_url(self.full_key(key), expires=expires)

    async def list(self, prefix: str) -> builtins.list[ObjectInfo]:
        infos = await self._store.list(self._prefix + validate_prefix(prefix))
        return [self._relative(info) for info in infos]

    async def ping(self) -> None:
        await self._store.ping()

    def _relative(self, info: ObjectInfo) -> ObjectInfo:
        return dataclasses.replace(info, key=info.key.removeprefix(self._prefix))
