"""The object-store contract that every implementation fulfils."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """What a store knows about one object.

    Attributes:
        key: the object's key in the store it was asked of.
        size: length of the content in bytes.
        sha256: lowercase hex SHA-256 of the content.
        content_type: the media type given when it was stored.
        modified: when it was last written (timezone-aware).
    """

    key: str
    size: int
    sha256: str
    content_type: str
    modified: datetime


class ObjectStore(Protocol):
    """A small async key-value store for blobs: local files in embedded mode, S3 in production.

    Keys are ``/``-separated and checked by :func:`fabu.storage.validate_key`; a bad key raises
    :class:`fabu.storage.InvalidObjectKey` before anything is touched. A store that cannot be
    reached raises :class:`fabu.storage.ObjectStoreUnavailable`.
    """

    async def put(self, key: str, data: bytes, *, content_type: str) -> ObjectInfo:
        """Store ``data`` under ``key``, replacing any object there; readers never see half of it."""
        ...

    async def get(self, key: str) -> bytes:
        """Return the object's content; raise :class:`fabu.storage.ObjectNotFound` if there is none."""
        ...

    async def stat(self, key: str) -> ObjectInfo | None:
        """Describe the object, or return None if there is none."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing a missing object is not an error."""
        ...

    async def retain(self, key: str, until: datetime | None) -> bool:
        """Keep the stored object as it is until ``until`` (``None``: indefinitely); whether the store enforces it.

        The local store then refuses to replace or delete it (:class:`fabu.storage.ObjectRetained`);
        S3 locks it (object lock, governance mode; a legal hold when indefinite) where the bucket
        has object lock, and otherwise cannot, and says so by returning False.
        """
        ...

    async def presigned_url(self, key: str, *, expires: timedelta) -> str:
        """A URL that downloads the object without other credentials until ``expires`` has passed."""
        ...

    # ``builtins.list`` because inside this class body the name ``list`` is the method below.
    async def list(self, prefix: str) -> builtins.list[ObjectInfo]:
        """Every object whose key starts with ``prefix`` (a plain string prefix), sorted by key."""
        ...

    async def ping(self) -> None:
        """Return if the store is usable; raise :class:`fabu.storage.ObjectStoreUnavailable` if not."""
        ...
