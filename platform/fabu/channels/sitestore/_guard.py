"""Running a change to a tenant's published files: one at a time, with storage failures in SDK terms."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from pydantic import ValidationError

from fabu.channels.api import AuthExpiredError, ChannelCache, RetryableChannelError, TerminalChannelError
from fabu.channels.cache import cache_lock
from fabu.channels.sitestore._store import SiteStoreConfigError, SiteStoreError


@dataclass(frozen=True)
class Place:
    """What the files make up: its lock's key, and its name for messages ("网站", "the site")."""

    key: str
    zh: str
    en: str


@contextmanager
def store_errors(place: Place) -> Iterator[None]:
    """Storage failures as SDK errors; every write replaces a whole file, so a failed call is safe to repeat."""
    try:
        yield
    except SiteStoreConfigError as error:
        raise AuthExpiredError(
            f"{place.zh}存储拒绝了配置（凭据或存储桶）/ {place.en} store refused the config (credentials or bucket): {error}"
        ) from error
    except SiteStoreError as error:
        raise RetryableChannelError(f"{place.zh}存储不可用 / {place.en} store is unavailable: {error}") from error
    except ValidationError as error:
        raise TerminalChannelError(
            "records_corrupt", f"{place.zh}记录文件已损坏，请重建 / {place.en} records are corrupt; rebuild them: {error}"
        ) from error


@asynccontextmanager
async def exclusive_change(cache: ChannelCache | None, place: Place, *, ttl: float, wait: float) -> AsyncIterator[None]:
    """One change at a time across workers (the files' index is read-modify-write); unlocked without a cache."""
    if cache is None:
        with store_errors(place):
            yield
        return
    async with cache_lock(cache, f"lock:{place.key}", ttl=ttl, wait=wait) as acquired:
        if not acquired:
            raise RetryableChannelError(f"另一任务正在更新{place.zh} / another job is updating {place.en}", retry_after=5.0)
        with store_errors(place):
            yield
