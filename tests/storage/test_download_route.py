"""The Litestar download route that serves the local store's signed URLs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from fabu.storage import LocalObjectStore, S3ObjectStore, UrlSigner
from fabu.web.storage import download_object

from .support import Clock, storage_app


async def get(app: Litestar, url: str) -> httpx.Response:
    async with AsyncTestClient(app) as client:
        return await client.get(url)


async def test_a_signed_url_streams_the_object_with_safe_headers(
    local_store: LocalObjectStore,
) -> None:
    data = bytes(range(256)) * 1200  # several stream chunks
    await local_store.put("公告/大文件.bin", data, content_type="text/html")
    url = await local_store.presigned_url(
        "公告/大文件.bin", expires=timedelta(minutes=1)
    )

    response = await get(storage_app(local_store), url)

    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["content-type"].startswith("text/html")
    # Uploaded HTML must not run as our origin's page.
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_tampered_signature_gets_403_in_both_languages(
    local_store: LocalObjectStore,
) -> None:
    await local_store.put("a.txt", b"x", content_type="text/plain")
    url = await local_store.presigned_url("a.txt", expires=timedelta(minutes=1))
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")

    response = await get(storage_app(local_store), tampered)

    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "下载链接签名无效 / invalid download link signature"
    )


async def test_a_signature_for_one_key_gets_403_on_another(
    local_store: LocalObjectStore,
) -> None:
    await local_store.put("a.txt", b"x", content_type="text/plain")
    await local_store.put("b.txt", b"y", content_type="text/plain")
    url = await local_store.presigned_url("a.txt", expires=timedelta(minutes=1))

    response = await get(storage_app(local_store), url.replace("a.txt", "b.txt"))

    assert response.status_code == 403


async def test_a_url_without_signature_gets_403(local_store: LocalObjectStore) -> None:
    await local_store.put("a.txt", b"x", content_type="text/plain")

    response = await get(storage_app(local_store), "/storage/a.txt")

    assert response.status_code == 403


async def test_an_expired_url_gets_403(
    local_store: LocalObjectStore, clock: Clock
) -> None:
    await local_store.put("a.txt", b"x", content_type="text/plain")
    url = await local_store.presigned_url("a.txt", expires=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))

    response = await get(storage_app(local_store), url)

    assert response.status_code == 403
    assert response.json()["detail"] == "下载链接已过期 / download link has expired"


async def test_a_valid_url_for_a_deleted_object_gets_404(
    local_store: LocalObjectStore,
) -> None:
    await local_store.put("a.txt", b"x", content_type="text/plain")
    url = await local_store.presigned_url("a.txt", expires=timedelta(minutes=1))
    await local_store.delete("a.txt")

    response = await get(storage_app(local_store), url)

    assert response.status_code == 404
    assert response.json()["detail"] == "对象不存在 / object not found: a.txt"


async def test_an_encoded_path_traversal_gets_403(
    local_store: LocalObjectStore,
) -> None:
    for path in [
        "/storage/a/%2e%2e/b",
        "/storage/..%2f..%2fetc/passwd",
        "/storage/a%5cb",
    ]:
        response = await get(storage_app(local_store), f"{path}?expires=1&signature=00")

        assert response.status_code == 403, path


async def test_without_a_local_store_the_route_answers_404(
    s3_store: S3ObjectStore,
) -> None:
    unwired = Litestar(route_handlers=[download_object])

    assert (await get(unwired, "/storage/a?expires=1&signature=00")).status_code == 404
    assert (
        await get(storage_app(s3_store), "/storage/a?expires=1&signature=00")
    ).status_code == 404


async def test_a_broken_store_gets_503_without_internal_details(
    tmp_path: Path, signer: UrlSigner
) -> None:
    root = tmp_path / "objects"
    root.write_bytes(b"a file where the directory should be")
    broken = LocalObjectStore(root, signer=signer)
    url = await broken.presigned_url("a.txt", expires=timedelta(minutes=1))

    response = await get(storage_app(broken), url)

    assert response.status_code == 503
    assert response.json()["detail"] == "对象存储暂不可用 / object store unavailable"
