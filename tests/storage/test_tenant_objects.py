"""Tenant namespacing and content addressing, on both store implementations."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import UUID

import pytest

from fabu.storage import InvalidObjectKey, ObjectNotFound, ObjectStore, TenantObjects

from .conftest import Download

TENANT_A = UUID("aaaaaaaa-0000-4000-8000-000000000001")
TENANT_B = UUID("bbbbbbbb-0000-4000-8000-000000000002")


@pytest.fixture
def tenant_a(store: ObjectStore) -> TenantObjects:
    return TenantObjects(store, TENANT_A)


@pytest.fixture
def tenant_b(store: ObjectStore) -> TenantObjects:
    return TenantObjects(store, TENANT_B)


async def test_keys_live_under_the_tenant_prefix(
    store: ObjectStore, tenant_a: TenantObjects
) -> None:
    info = await tenant_a.put("releases/1.docx", b"v1", content_type="text/plain")

    assert info.key == "releases/1.docx"
    assert tenant_a.full_key("releases/1.docx") == f"tenants/{TENANT_A}/releases/1.docx"
    assert await store.get(f"tenants/{TENANT_A}/releases/1.docx") == b"v1"
    assert [i.key for i in await tenant_a.list("releases/")] == ["releases/1.docx"]
    stat = await tenant_a.stat("releases/1.docx")
    assert stat is not None
    assert stat.key == "releases/1.docx"


async def test_a_tenant_cannot_see_another_tenants_objects(
    tenant_a: TenantObjects, tenant_b: TenantObjects
) -> None:
    await tenant_b.put("secret.txt", b"B only", content_type="text/plain")

    assert await tenant_a.stat("secret.txt") is None
    with pytest.raises(ObjectNotFound):
        await tenant_a.get("secret.txt")
    assert await tenant_a.list("") == []
    await tenant_a.delete("secret.txt")
    assert await tenant_b.get("secret.txt") == b"B only"


@pytest.mark.parametrize(
    "crafted",
    [
        f"../{TENANT_B}/secret.txt",
        f"../../tenants/{TENANT_B}/secret.txt",
        f"x/../../{TENANT_B}/secret.txt",
        f"/tenants/{TENANT_B}/secret.txt",
        f"..\\{TENANT_B}\\secret.txt",
        f"./../{TENANT_B}/secret.txt",
    ],
)
async def test_crafted_keys_cannot_escape_into_another_tenant(
    tenant_a: TenantObjects, tenant_b: TenantObjects, crafted: str
) -> None:
    await tenant_b.put("secret.txt", b"B only", content_type="text/plain")

    with pytest.raises(InvalidObjectKey):
        await tenant_a.get(crafted)
    with pytest.raises(InvalidObjectKey):
        await tenant_a.stat(crafted)
    with pytest.raises(InvalidObjectKey):
        await tenant_a.put(crafted, b"overwrite", content_type="text/plain")
    with pytest.raises(InvalidObjectKey):
        await tenant_a.delete(crafted)
    with pytest.raises(InvalidObjectKey):
        await tenant_a.presigned_url(crafted, expires=timedelta(minutes=1))
    assert await tenant_b.get("secret.txt") == b"B only"


@pytest.mark.parametrize("crafted", ["../", f"../{TENANT_B}/", "/", "..", "./"])
async def test_crafted_prefixes_cannot_list_another_tenant(
    tenant_a: TenantObjects, tenant_b: TenantObjects, crafted: str
) -> None:
    await tenant_b.put("secret.txt", b"B only", content_type="text/plain")

    with pytest.raises(InvalidObjectKey):
        await tenant_a.list(crafted)


async def test_a_tenant_id_must_be_a_uuid(store: ObjectStore) -> None:
    with pytest.raises(TypeError):
        TenantObjects(store, f"{TENANT_B}/../x")  # type: ignore[arg-type]


async def test_content_is_stored_under_its_sha256(
    store: ObjectStore, tenant_a: TenantObjects
) -> None:
    data = b"approved version"
    digest = hashlib.sha256(data).hexdigest()

    info = await tenant_a.put_content(data, "text/plain")

    assert info.key == f"sha256/{digest[:2]}/{digest}"
    assert info.sha256 == digest
    assert await store.get(f"tenants/{TENANT_A}/sha256/{digest[:2]}/{digest}") == data


async def test_storing_the_same_content_again_does_not_rewrite_it(
    tenant_a: TenantObjects,
) -> None:
    first = await tenant_a.put_content(b"same bytes", "text/plain")

    # A different content type on the second call shows whether the object was rewritten.
    again = await tenant_a.put_content(b"same bytes", "application/json")

    assert again == first
    assert await tenant_a.stat(first.key) == first
    assert [info.key for info in await tenant_a.list("sha256/")] == [first.key]


async def test_same_content_in_two_tenants_is_two_objects(
    tenant_a: TenantObjects, tenant_b: TenantObjects
) -> None:
    in_a = await tenant_a.put_content(b"shared", "text/plain")
    in_b = await tenant_b.put_content(b"shared", "text/plain")

    await tenant_a.delete(in_a.key)

    assert in_a.key == in_b.key
    assert await tenant_b.get(in_b.key) == b"shared"


async def test_content_key_repairs_an_object_that_does_not_match_its_hash(
    tenant_a: TenantObjects,
) -> None:
    data = b"the real bytes"
    key = TenantObjects.content_key(hashlib.sha256(data).hexdigest())
    await tenant_a.put(key, b"something else", content_type="text/plain")

    info = await tenant_a.put_content(data, "text/plain")

    assert info.key == key
    assert await tenant_a.get(key) == data


@pytest.mark.parametrize(
    "digest", ["", "ABC", "a" * 63, "A" * 64, "g" * 64, "../" + "a" * 61]
)
def test_content_key_accepts_only_lowercase_sha256_hex(digest: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        TenantObjects.content_key(digest)


async def test_tenant_presigned_url_downloads_the_tenants_object(
    store: ObjectStore, tenant_a: TenantObjects, download: Download
) -> None:
    await tenant_a.put("a.txt", b"mine", content_type="text/plain")

    url = await tenant_a.presigned_url("a.txt", expires=timedelta(minutes=1))
    response = await download(store, url)

    assert f"tenants/{TENANT_A}/a.txt" in url
    assert response.content == b"mine"
