"""The ObjectStore contract: every test here runs on the local store and on S3."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from fabu.storage import (
    InvalidContentType,
    InvalidObjectKey,
    ObjectNotFound,
    ObjectStore,
)

from .conftest import Download

BAD_KEYS = [
    "",
    "/etc/passwd",
    "..",
    "../x",
    "a/../b",
    "a/./b",
    ".",
    "a\\b",
    "a//b",
    "a/",
    "a/b\x00",
    "a/b\nc",
    "x" * 241,
    "a/" * 600 + "b",
]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def test_put_then_get_returns_the_same_bytes(store: ObjectStore) -> None:
    data = b"\x00\xffhello"

    info = await store.put("docs/a.bin", data, content_type="application/pdf")

    assert await store.get("docs/a.bin") == data
    assert (info.key, info.size, info.sha256, info.content_type) == (
        "docs/a.bin",
        len(data),
        sha(data),
        "application/pdf",
    )
    assert info.modified.tzinfo is not None
    assert abs(info.modified - datetime.now(UTC)) < timedelta(minutes=1)


async def test_stat_describes_what_put_stored(store: ObjectStore) -> None:
    put = await store.put("a.txt", b"text", content_type="text/plain; charset=utf-8")

    stat = await store.stat("a.txt")

    assert stat is not None
    assert (stat.key, stat.size, stat.sha256, stat.content_type) == (
        put.key,
        put.size,
        put.sha256,
        put.content_type,
    )
    # S3 keeps whole seconds; the write time it reports is within one of ours.
    assert abs(stat.modified - put.modified) <= timedelta(seconds=1)


async def test_empty_object_round_trips(store: ObjectStore) -> None:
    info = await store.put("empty", b"", content_type="text/plain")

    assert await store.get("empty") == b""
    assert info.size == 0
    assert info.sha256 == sha(b"")


async def test_keys_with_spaces_and_chinese_round_trip(store: ObjectStore) -> None:
    key = "公告/2030 年 第 1 号+附件 (终稿).docx"

    await store.put(key, b"doc", content_type="application/octet-stream")

    assert await store.get(key) == b"doc"
    assert [info.key for info in await store.list("公告/")] == [key]


async def test_get_of_missing_object_raises_object_not_found(
    store: ObjectStore,
) -> None:
    with pytest.raises(ObjectNotFound, match="对象不存在 / object not found: nope/x"):
        await store.get("nope/x")


async def test_stat_of_missing_object_is_none(store: ObjectStore) -> None:
    assert await store.stat("nope/x") is None


async def test_delete_removes_and_is_idempotent(store: ObjectStore) -> None:
    await store.put("gone.txt", b"x", content_type="text/plain")

    await store.delete("gone.txt")
    await store.delete("gone.txt")
    await store.delete("never/existed")

    assert await store.stat("gone.txt") is None
    with pytest.raises(ObjectNotFound):
        await store.get("gone.txt")


async def test_overwrite_replaces_content_and_metadata(store: ObjectStore) -> None:
    await store.put("k", b"first", content_type="text/plain")

    second = await store.put("k", b"second!", content_type="application/json")

    stat = await store.stat("k")
    assert await store.get("k") == b"second!"
    assert stat is not None
    assert (stat.size, stat.sha256, stat.content_type) == (
        7,
        sha(b"second!"),
        "application/json",
    )
    assert second.sha256 == stat.sha256
    assert [info.key for info in await store.list("")] == ["k"]


async def test_list_returns_objects_under_prefix_sorted_by_key(
    store: ObjectStore,
) -> None:
    for key in ["a/2", "a/1", "a/sub/3", "ab/4", "b/5"]:
        await store.put(key, key.encode(), content_type="text/plain")

    listed = await store.list("a/")

    assert [info.key for info in listed] == ["a/1", "a/2", "a/sub/3"]
    assert [info.sha256 for info in listed] == [
        sha(b"a/1"),
        sha(b"a/2"),
        sha(b"a/sub/3"),
    ]
    assert all(info.content_type == "text/plain" for info in listed)


async def test_list_prefix_is_a_plain_string_prefix(store: ObjectStore) -> None:
    for key in ["a/1", "ab/2", "abc", "b"]:
        await store.put(key, b"x", content_type="text/plain")

    assert [info.key for info in await store.list("a")] == ["a/1", "ab/2", "abc"]
    assert [info.key for info in await store.list("ab")] == ["ab/2", "abc"]
    assert [info.key for info in await store.list("")] == ["a/1", "ab/2", "abc", "b"]
    assert await store.list("zzz/") == []


async def test_a_key_and_keys_below_it_coexist(store: ObjectStore) -> None:
    await store.put("a", b"parent", content_type="text/plain")
    await store.put("a/b", b"child", content_type="text/plain")

    assert await store.get("a") == b"parent"
    assert await store.get("a/b") == b"child"
    assert [info.key for info in await store.list("a")] == ["a", "a/b"]


async def test_deleted_objects_leave_the_listing(store: ObjectStore) -> None:
    await store.put("d/1", b"x", content_type="text/plain")
    await store.put("d/2", b"y", content_type="text/plain")

    await store.delete("d/1")

    assert [info.key for info in await store.list("d/")] == ["d/2"]


async def test_presigned_url_downloads_the_object(
    store: ObjectStore, download: Download
) -> None:
    await store.put(
        "reports/年报 2030.pdf", b"%PDF-1.7", content_type="application/pdf"
    )

    url = await store.presigned_url(
        "reports/年报 2030.pdf", expires=timedelta(minutes=5)
    )
    response = await download(store, url)

    assert response.status_code == 200
    assert response.content == b"%PDF-1.7"
    assert response.headers["content-type"].startswith("application/pdf")


@pytest.mark.parametrize("lifetime", [timedelta(0), timedelta(days=8)])
async def test_presigned_url_lifetime_is_bounded(
    store: ObjectStore, lifetime: timedelta
) -> None:
    with pytest.raises(ValueError, match="7 days"):
        await store.presigned_url("k", expires=lifetime)


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_bad_keys_are_refused_before_anything_is_touched(
    store: ObjectStore, key: str
) -> None:
    with pytest.raises(InvalidObjectKey, match=r"对象键无效.*/ invalid object key"):
        await store.put(key, b"x", content_type="text/plain")
    with pytest.raises(InvalidObjectKey):
        await store.get(key)
    with pytest.raises(InvalidObjectKey):
        await store.stat(key)
    with pytest.raises(InvalidObjectKey):
        await store.delete(key)
    with pytest.raises(InvalidObjectKey):
        await store.presigned_url(key, expires=timedelta(minutes=1))
    assert await store.list("") == []


@pytest.mark.parametrize("prefix", ["/a", "../", "a/../", "a//", "a\\"])
async def test_bad_prefixes_are_refused(store: ObjectStore, prefix: str) -> None:
    with pytest.raises(InvalidObjectKey):
        await store.list(prefix)


@pytest.mark.parametrize(
    "content_type", ["", "text", "text/plain\r\nX-Evil: 1", "文本/纯"]
)
async def test_bad_content_types_are_refused(
    store: ObjectStore, content_type: str
) -> None:
    with pytest.raises(InvalidContentType, match="内容类型无效 / invalid content type"):
        await store.put("k", b"x", content_type=content_type)
    assert await store.stat("k") is None


async def test_ping_succeeds_on_a_working_store(store: ObjectStore) -> None:
    await store.ping()
