"""Retention: an object kept until a date (or indefinitely) is neither replaced nor deleted before then.

The local store refuses; S3 locks the object with object lock (governance mode, or a legal hold when
indefinite) on a bucket that has it, and says it cannot on a bucket that does not.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from minio.commonconfig import GOVERNANCE
from minio.error import S3Error

from fabu.storage import LocalObjectStore, ObjectNotFound, ObjectRetained, S3ObjectStore

from .support import connect_s3

KEY = "tenants/t/archives/r/package.zip"
LATER = datetime(2056, 1, 1, tzinfo=UTC)


async def test_the_local_store_keeps_a_retained_object_as_it_is(local_store: LocalObjectStore) -> None:
    await local_store.put(KEY, b"package", content_type="application/zip")

    assert await local_store.retain(KEY, LATER) is True

    with pytest.raises(ObjectRetained) as refused_delete:
        await local_store.delete(KEY)
    with pytest.raises(ObjectRetained):
        await local_store.put(KEY, b"forged", content_type="application/zip")
    assert str(refused_delete.value) == f"对象在保管期内，不能替换或删除（至 {LATER.isoformat()}）/ object retained until {LATER.isoformat()}: {KEY}"
    assert await local_store.get(KEY) == b"package"


async def test_indefinite_retention_never_ends_and_a_past_one_has_ended(local_store: LocalObjectStore) -> None:
    await local_store.put(KEY, b"kept", content_type="application/zip")
    await local_store.put("ended", b"x", content_type="text/plain")
    await local_store.retain(KEY, None)
    await local_store.retain("ended", datetime.now(UTC) - timedelta(days=1))

    with pytest.raises(ObjectRetained, match="永久 / indefinitely"):
        await local_store.delete(KEY)
    await local_store.delete("ended")

    assert await local_store.stat("ended") is None


async def test_retaining_a_missing_object_says_so(local_store: LocalObjectStore, s3_store: S3ObjectStore) -> None:
    for store in (local_store, s3_store):
        with pytest.raises(ObjectNotFound):
            await store.retain("no/such/object", LATER)


async def test_s3_locks_a_retained_object_with_object_lock(s3_store: S3ObjectStore) -> None:
    await s3_store.put(KEY, b"package", content_type="application/zip")
    await s3_store.put("held", b"held", content_type="application/zip")

    assert await s3_store.retain(KEY, LATER) is True
    assert await s3_store.retain("held", None) is True

    client = s3_store._client
    locked = client.stat_object(s3_store.bucket, KEY)
    assert locked.metadata["x-amz-object-lock-mode"] == GOVERNANCE
    assert locked.metadata["x-amz-object-lock-retain-until-date"] == "2056-01-01T00:00:00.000Z"
    assert client.is_object_legal_hold_enabled(s3_store.bucket, "held")
    for key in (KEY, "held"):  # removing the stored version itself is what the lock refuses
        version = client.stat_object(s3_store.bucket, key).version_id
        with pytest.raises(S3Error) as refused:
            client.remove_object(s3_store.bucket, key, version_id=version)
        assert refused.value.code == "AccessDenied"


async def test_a_bucket_without_object_lock_cannot_keep_and_says_so(
    moto_endpoint: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = connect_s3(moto_endpoint)
    store._client.make_bucket(store.bucket)  # an older deployment's bucket, made without object lock
    await store.put(KEY, b"package", content_type="application/zip")

    with caplog.at_level(logging.WARNING, logger="fabu.storage._s3"):
        kept = await store.retain(KEY, LATER)

    assert kept is False
    assert "has no object lock" in caplog.text


async def test_a_new_bucket_drops_replaced_versions_after_a_while(s3_store: S3ObjectStore) -> None:
    rules = s3_store._client.get_bucket_lifecycle(s3_store.bucket)

    assert rules is not None
    [rule] = rules.rules
    assert rule.noncurrent_version_expiration is not None
    assert rule.noncurrent_version_expiration.noncurrent_days == 30  # object lock made the bucket versioned
