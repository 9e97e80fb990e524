"""Where a channel's public files go: a four-call store, on a local directory (dev) or an S3 bucket.

The plugin never touches Fabu's database or object store; it writes through a :class:`SiteStore`
built from its own config (:func:`site_store`). Keys are ``/``-separated paths relative to the
tenant's site root, e.g. ``articles/<id>.html``. Every write is a full replacement, so writing
the same page twice is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final, ParamSpec, Protocol, TypeVar

__all__ = [
    "DirectorySiteStore",
    "SiteStore",
    "SiteStoreConfigError",
    "SiteStoreError",
    "validate_site_key",
]

_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_P = ParamSpec("_P")
_T = TypeVar("_T")


class SiteStoreError(Exception):
    """The store could not be read or written (network, disk, bucket); nothing is known to be lost."""


class SiteStoreConfigError(SiteStoreError):
    """The store refused the config: wrong credentials or no such bucket. A person must fix it."""


class SiteStore(Protocol):
    """A tenant's site files: read, write, delete, list."""

    async def read(self, key: str) -> bytes | None:
        """The file's bytes, or ``None`` when there is none."""
        ...

    async def write(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` under ``key``, replacing what was there; readers never see half a file."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""
        ...

    async def keys(self, prefix: str) -> list[str]:
        """Every key starting with ``prefix``, sorted."""
        ...


def validate_site_key(key: str) -> str:
    """``key`` if it is a safe relative path (no empty, ``.`` or ``..`` segment); else ``ValueError``."""
    if (
        not key
        or key.startswith("/")
        or "\\" in key
        or _CONTROL.search(key)
        or any(segment in {"", ".", ".."} for segment in key.split("/"))
    ):
        raise ValueError(f"站点路径无效 / invalid site path: {key!r}")
    return key


class DirectorySiteStore:
    """Site files as plain files under ``root``, so ``python -m http.server`` or nginx can serve them."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*validate_site_key(key).split("/"))

    async def read(self, key: str) -> bytes | None:
        path = self._path(key)
        return await _off_loop(_read_or_none, path)

    async def write(self, key: str, data: bytes, content_type: str) -> None:
        # The content type is implied by the extension when a static server serves the file.
        await _off_loop(_replace, self._path(key), data)

    async def delete(self, key: str) -> None:
        await _off_loop(self._path(key).unlink, missing_ok=True)

    async def keys(self, prefix: str) -> list[str]:
        return await _off_loop(self._keys, prefix)

    def _keys(self, prefix: str) -> list[str]:
        if not self.root.is_dir():
            return []
        found = (
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() and not path.name.startswith(".tmp-")
        )
        return sorted(key for key in found if key.startswith(prefix))


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)  # mkstemp makes 0600; a static server must read the page
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


async def _off_loop(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except OSError as error:
        raise SiteStoreError(f"{type(error).__name__}: {error}") from error
