"""``ping`` tells /healthz whether the store works, and store failures raise one error type."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fabu.storage import LocalObjectStore, ObjectStoreUnavailable, UrlSigner

from .support import connect_s3, free_port, start_moto


async def test_ping_fails_when_nothing_listens_at_the_s3_endpoint() -> None:
    store = connect_s3(f"http://127.0.0.1:{free_port()}", timeout=1, max_retries=0)

    with pytest.raises(
        ObjectStoreUnavailable, match="对象存储不可用 / object store unavailable"
    ):
        await store.ping()
    with pytest.raises(ObjectStoreUnavailable):
        await store.put("k", b"x", content_type="text/plain")
    with pytest.raises(ObjectStoreUnavailable):
        await store.get("k")


async def test_ping_fails_soon_after_the_s3_server_stops() -> None:
    server, endpoint = start_moto()
    store = connect_s3(endpoint, timeout=0.5, max_retries=0)
    await store.ensure_bucket()
    await store.ping()

    server.stop()
    started = time.monotonic()
    with pytest.raises(ObjectStoreUnavailable):
        await store.ping()

    # A stopped server that still holds its socket accepts and never answers: only the
    # store's timeout ends the wait, and /healthz must not hang on it.
    assert time.monotonic() - started < 5


async def test_ping_fails_while_the_bucket_does_not_exist(moto_endpoint: str) -> None:
    store = connect_s3(moto_endpoint)

    with pytest.raises(ObjectStoreUnavailable, match="does not exist"):
        await store.ping()

    await store.ensure_bucket()
    await store.ensure_bucket()  # idempotent
    await store.ping()


async def test_local_ping_fails_when_the_root_is_not_a_directory(
    tmp_path: Path, signer: UrlSigner
) -> None:
    blocker = tmp_path / "objects"
    blocker.write_bytes(b"not a directory")
    store = LocalObjectStore(blocker, signer=signer)

    with pytest.raises(ObjectStoreUnavailable):
        await store.ping()
    with pytest.raises(ObjectStoreUnavailable):
        await store.put("k", b"x", content_type="text/plain")


async def test_local_ping_creates_the_root(tmp_path: Path, signer: UrlSigner) -> None:
    store = LocalObjectStore(tmp_path / "new" / "objects", signer=signer)

    await store.ping()

    assert store.root.is_dir()


def test_s3_endpoint_must_be_an_http_url() -> None:
    for endpoint in [
        "minio:9000",
        "ftp://minio:9000",
        "http://minio:9000/bucket",
        "http://",
    ]:
        with pytest.raises(ValueError, match="http"):
            connect_s3(endpoint)
