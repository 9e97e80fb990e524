"""Stores for the storage tests: every contract test runs on the local store and on S3.

The S3 store talks to moto's real HTTP server on 127.0.0.1 (no request patching); the server
starts once per session, only if a test needs it, and each test gets a bucket of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from litestar.testing import AsyncTestClient

from fabu.storage import LocalObjectStore, ObjectStore, S3ObjectStore, UrlSigner

from .support import SECRET, Clock, connect_s3, start_moto, storage_app

Download = Callable[[ObjectStore, str], Awaitable[httpx.Response]]


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server, endpoint = start_moto()
    yield endpoint
    server.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def signer(clock: Clock) -> UrlSigner:
    return UrlSigner(SECRET, clock=clock)


@pytest.fixture
def local_store(tmp_path: Path, signer: UrlSigner) -> LocalObjectStore:
    return LocalObjectStore(tmp_path / "objects", signer=signer)


@pytest.fixture
async def s3_store(moto_endpoint: str) -> S3ObjectStore:
    store = connect_s3(moto_endpoint)
    await store.ensure_bucket()
    return store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest) -> ObjectStore:
    """Each implementation in turn."""
    chosen: ObjectStore = request.getfixturevalue(f"{request.param}_store")
    return chosen


@pytest.fixture
def download() -> Download:
    """Fetch a presigned URL as a client would.

    Local URLs are relative: they go to the download route of an in-process app. S3 URLs go
    over HTTP to the S3 server.
    """

    async def fetch(store: ObjectStore, url: str) -> httpx.Response:
        if url.startswith("/"):
            async with AsyncTestClient(storage_app(store)) as client:
                return await client.get(url)
        async with httpx.AsyncClient() as client:
            return await client.get(url)

    return fetch
