"""What only the local store has to prove: atomic files and trustworthy metadata."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from fabu.storage import LocalObjectStore, ObjectNotFound


def files_under(root: Path) -> list[str]:
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )


async def test_files_follow_the_documented_layout(
    local_store: LocalObjectStore,
) -> None:
    await local_store.put("a/b", b"child", content_type="text/plain")
    await local_store.put("a", b"parent", content_type="text/plain")

    # No temporary file survives a write.
    assert files_under(local_store.root) == ["da/mb", "da/ob", "ma", "oa"]
    assert (local_store.root / "da" / "ob").read_bytes() == b"child"


async def test_stat_rehashes_when_data_changed_without_its_sidecar(
    local_store: LocalObjectStore,
) -> None:
    await local_store.put("a/b", b"old", content_type="text/plain")
    # What a crash between the data rename and the sidecar rename leaves behind.
    replacement = local_store.root / "da" / ".tmp-crash"
    replacement.write_bytes(b"new and longer")
    os.replace(replacement, local_store.root / "da" / "ob")

    info = await local_store.stat("a/b")

    assert info is not None
    assert info.sha256 == hashlib.sha256(b"new and longer").hexdigest()
    assert info.size == len(b"new and longer")
    assert info.content_type == "application/octet-stream"
    assert await local_store.get("a/b") == b"new and longer"


@pytest.mark.parametrize("sidecar", [None, b"{not json", b"[1, 2]"])
async def test_stat_rehashes_when_the_sidecar_is_missing_or_broken(
    local_store: LocalObjectStore, sidecar: bytes | None
) -> None:
    await local_store.put("k", b"bytes", content_type="text/plain")
    meta = local_store.root / "mk"
    if sidecar is None:
        meta.unlink()
    else:
        meta.write_bytes(sidecar)

    info = await local_store.stat("k")

    assert info is not None
    assert info.sha256 == hashlib.sha256(b"bytes").hexdigest()


async def test_open_stream_yields_the_bytes_and_info(
    local_store: LocalObjectStore,
) -> None:
    data = os.urandom(200_000)
    await local_store.put("big", data, content_type="application/pdf")

    info, chunks = await local_store.open_stream("big", chunk_size=65536)
    received = [chunk async for chunk in chunks]

    assert b"".join(received) == data
    assert len(received) == 4
    assert info.content_type == "application/pdf"
    assert info.sha256 == hashlib.sha256(data).hexdigest()


async def test_an_open_stream_survives_a_concurrent_overwrite(
    local_store: LocalObjectStore,
) -> None:
    await local_store.put("k", b"first version", content_type="text/plain")
    _, chunks = await local_store.open_stream("k")

    await local_store.put("k", b"second", content_type="text/plain")

    assert b"".join([chunk async for chunk in chunks]) == b"first version"


async def test_open_stream_of_a_missing_object_raises(
    local_store: LocalObjectStore,
) -> None:
    with pytest.raises(ObjectNotFound):
        await local_store.open_stream("missing")
