"""The embedded-mode store: objects as files under one root directory.

Layout. Each key segment becomes one file-system name with a one-letter tag, so that a key
and a longer key below it (``a`` and ``a/b``) can coexist as they do on S3::

    <root>/d<segment>/...      a directory for every segment but the last
    <root>/.../o<last>         the object's bytes
    <root>/.../m<last>         its metadata sidecar (JSON: sha256, content type, size, and the
                               inode and mtime of the data file it describes)
    <root>/.../r<last>         its retention, if it has one (JSON: until, or null for indefinitely)

The data file is the truth: it is replaced atomically (temp file, fsync, ``os.replace``) and
its absence means the object is absent. The sidecar is written after it and is only trusted
while it names the data file's inode, mtime and size; if a crash or a concurrent writer left
it describing another version, ``stat`` recomputes the hash from the data. Empty directories
are left in place after a delete, because removing them would race with a concurrent put.
Keys are case-sensitive, so a case-insensitive file system (macOS default) is unsupported.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

from fabu.storage._errors import (
    ObjectNotFound,
    ObjectRetained,
    ObjectStoreError,
    ObjectStoreUnavailable,
)
from fabu.storage._protocol import ObjectInfo
from fabu.storage._signing import UrlSigner
from fabu.storage._validation import (
    validate_content_type,
    validate_key,
    validate_lifetime,
    validate_prefix,
)

_DIR, _DATA, _META, _RETENTION = "d", "o", "m", "r"
_TEMP_PREFIX = ".tmp-"
_UNKNOWN_TYPE = "application/octet-stream"
_CHUNK = 1024 * 1024

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Paths:
    parent: Path
    data: Path
    meta: Path
    retention: Path


class LocalObjectStore:
    """An :class:`~fabu.storage.ObjectStore` on the local file system.

    Args:
        root: directory holding the objects; created on first write.
        signer: signs the ``/storage/...`` URLs that ``presigned_url`` returns and that
            ``fabu.web.storage`` verifies.
    """

    def __init__(self, root: Path | str, *, signer: UrlSigner) -> None:
        self._root = Path(root)
        self.signer = signer

    @property
    def root(self) -> Path:
        return self._root

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
        await _off_loop(self._delete, key)

    async def retain(self, key: str, until: datetime | None) -> bool:
        validate_key(key)
        await _off_loop(self._retain, key, until)
        return True

    async def presigned_url(self, key: str, *, expires: timedelta) -> str:
        validate_key(key)
        validate_lifetime(expires)
        return self.signer.sign(key, expires=expires)

    async def list(self, prefix: str) -> builtins.list[ObjectInfo]:
        validate_prefix(prefix)
        return await _off_loop(self._list, prefix)

    async def ping(self) -> None:
        await _off_loop(self._ping)

    async def open_stream(
        self, key: str, *, chunk_size: int = 64 * 1024
    ) -> tuple[ObjectInfo, AsyncIterator[bytes]]:
        """Open the object for streaming: its info now, its bytes chunk by chunk later.

        The file is opened before this returns, so a missing object raises
        :class:`~fabu.storage.ObjectNotFound` here, and a concurrent overwrite or delete
        cannot change what the stream yields.
        """
        validate_key(key)
        handle, info = await _off_loop(self._open, key)

        async def chunks() -> AsyncIterator[bytes]:
            try:
                while chunk := await asyncio.to_thread(handle.read, chunk_size):
                    yield chunk
            finally:
                handle.close()

        return info, chunks()

    # -- blocking implementations, run in a worker thread -------------------------------

    def _directory(self, segments: builtins.list[str]) -> Path:
        return self._root.joinpath(*(_DIR + segment for segment in segments))

    def _paths(self, key: str) -> _Paths:
        *segments, leaf = key.split("/")
        parent = self._directory(segments)
        return _Paths(parent, parent / (_DATA + leaf), parent / (_META + leaf), parent / (_RETENTION + leaf))

    def _put(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        paths = self._paths(key)
        _refuse_if_retained(key, paths)
        paths.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()
        written = _replace_atomically(paths.data, data)
        sidecar = {
            "sha256": digest,
            "content_type": content_type,
            "size": len(data),
            "inode": written.st_ino,
            "mtime_ns": written.st_mtime_ns,
        }
        _replace_atomically(paths.meta, json.dumps(sidecar).encode())
        _fsync_directory(paths.parent)
        return ObjectInfo(key, len(data), digest, content_type, _modified(written))

    def _get(self, key: str) -> bytes:
        try:
            return self._paths(key).data.read_bytes()
        except FileNotFoundError:
            raise ObjectNotFound(key) from None

    def _stat(self, key: str) -> ObjectInfo | None:
        paths = self._paths(key)
        try:
            with paths.data.open("rb") as handle:
                return self._describe(key, handle, paths.meta)
        except FileNotFoundError:
            return None

    def _open(self, key: str) -> tuple[IO[bytes], ObjectInfo]:
        paths = self._paths(key)
        try:
            handle = paths.data.open("rb")
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        try:
            return handle, self._describe(key, handle, paths.meta)
        except BaseException:
            handle.close()
            raise

    def _describe(self, key: str, handle: IO[bytes], meta_path: Path) -> ObjectInfo:
        """Info of the open data file, from the sidecar when it describes this very file."""
        status = os.fstat(handle.fileno())
        sidecar = _read_sidecar(meta_path)
        if (
            sidecar.get("inode") == status.st_ino
            and sidecar.get("mtime_ns") == status.st_mtime_ns
            and sidecar.get("size") == status.st_size
            and isinstance(digest := sidecar.get("sha256"), str)
            and isinstance(content_type := sidecar.get("content_type"), str)
        ):
            return ObjectInfo(
                key, status.st_size, digest, content_type, _modified(status)
            )
        # The sidecar is missing or stale (a crash or a concurrent put between the two
        # replaces): the bytes are right, so hash them; the content type is lost.
        hasher = hashlib.sha256()
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            hasher.update(chunk)
        handle.seek(0)
        return ObjectInfo(
            key, status.st_size, hasher.hexdigest(), _UNKNOWN_TYPE, _modified(status)
        )

    def _retain(self, key: str, until: datetime | None) -> None:
        paths = self._paths(key)
        if not paths.data.exists():
            raise ObjectNotFound(key)
        _replace_atomically(paths.retention, json.dumps({"until": until.isoformat() if until else None}).encode())

    def _delete(self, key: str) -> None:
        paths = self._paths(key)
        _refuse_if_retained(key, paths)
        # Data first: once it is gone the object is gone, whatever happens to the sidecar.
        paths.data.unlink(missing_ok=True)
        paths.meta.unlink(missing_ok=True)

    def _list(self, prefix: str) -> builtins.list[ObjectInfo]:
        # A plain string prefix, as on S3: "a/b" matches "a/b", "a/bc" and "a/b/c".
        *segments, partial = prefix.split("/")
        key_base = "".join(f"{segment}/" for segment in segments)
        infos = []
        for key in sorted(_walk(self._directory(segments), key_base, partial)):
            info = self._stat(key)
            if info is not None:  # deleted while we listed
                infos.append(info)
        return infos

    def _ping(self) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        if not os.access(self._root, os.R_OK | os.W_OK | os.X_OK):
            raise ObjectStoreUnavailable(f"{self._root} is not readable and writable")


def _walk(directory: Path, key_base: str, name_prefix: str = "") -> Iterator[str]:
    """Yield the keys of the data files below ``directory`` whose first segment starts with name_prefix."""
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        tag, name = entry.name[:1], entry.name[1:]
        if not name.startswith(name_prefix):
            continue
        if tag == _DATA and entry.is_file(follow_symlinks=False):
            yield key_base + name
        elif tag == _DIR and entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), f"{key_base}{name}/")


def _replace_atomically(target: Path, data: bytes) -> os.stat_result:
    """Write ``data`` to ``target`` via a synced temp file and a rename; return the file's status."""
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=_TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            status = os.fstat(handle.fileno())
        # rename keeps inode and mtime, so ``status`` still describes the file at ``target``.
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return status


def _fsync_directory(directory: Path) -> None:
    # Makes the renames durable; without it a power cut can bring back the old entries.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _refuse_if_retained(key: str, paths: _Paths) -> None:
    """Raise :class:`ObjectRetained` while the object's retention lasts."""
    try:
        retention = json.loads(paths.retention.read_bytes())
    except FileNotFoundError:
        return
    until = retention.get("until")
    if until is None or datetime.fromisoformat(until) > datetime.now(UTC):
        raise ObjectRetained(key, until or "永久 / indefinitely")


def _read_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar's fields; empty when it is missing or unreadable, which forces a re-hash."""
    try:
        loaded = json.loads(path.read_bytes())
    except (FileNotFoundError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _modified(status: os.stat_result) -> datetime:
    return datetime.fromtimestamp(status.st_mtime_ns / 1e9, UTC)


async def _off_loop(
    function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _T:
    """Run blocking file work in a thread; turn file-system failures into a storage error."""
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except ObjectStoreError:
        raise
    except OSError as error:
        raise ObjectStoreUnavailable(f"{type(error).__name__}: {error}") from error
