"""build_object_store picks the implementation from the settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import uuid4

from fabu.settings import Settings
from fabu.storage import LocalObjectStore, S3ObjectStore, UrlSigner, build_object_store

from .support import SECRET


async def test_without_an_s3_endpoint_objects_are_local_files(tmp_path: Path) -> None:
    settings = Settings.model_validate(
        {"data_dir": tmp_path, "s3_endpoint": None, "jwt_secret": SECRET}
    )

    store = build_object_store(settings)
    await store.put("a", b"x", content_type="text/plain")
    url = await store.presigned_url("a", expires=timedelta(minutes=1))

    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "objects"
    assert (tmp_path / "objects" / "oa").read_bytes() == b"x"
    # Signed with the JWT secret, so another process with the same settings accepts it.
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    UrlSigner(SECRET).verify(
        unquote(parts.path.removeprefix("/storage/")),
        expires=query["expires"][0],
        signature=query["signature"][0],
    )


async def test_with_an_s3_endpoint_objects_go_to_the_bucket(moto_endpoint: str) -> None:
    bucket = f"fabu-{uuid4().hex}"
    settings = Settings.model_validate(
        {
            "s3_endpoint": moto_endpoint,
            "s3_access_key": "test-access",
            "s3_secret_key": "test-secret",
            "s3_bucket": bucket,
        }
    )

    store = build_object_store(settings)
    assert isinstance(store, S3ObjectStore)
    await store.ensure_bucket()
    await store.put("a", b"x", content_type="text/plain")

    assert store.bucket == bucket
    assert await store.get("a") == b"x"
