"""The site on an S3 bucket, against moto's S3-protocol server (the same calls MinIO answers)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from uuid import uuid4

import pytest
from minio import Minio
from moto.server import ThreadedMotoServer

from fabu.channels import AuthExpiredError, RetryableChannelError, open_context
from fabu.channels.testing import SAMPLE_TENANT_ID, InMemoryMedia, sample_release
from fabu_portal import PortalChannel, PortalConfig, S3SiteStore, serve, site_store

plugin = PortalChannel()


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_config(endpoint: str, bucket: str) -> PortalConfig:
    return PortalConfig(
        site_name="示例市人民政府",
        site_url="https://www.example.gov.cn/",
        storage="s3",
        s3_endpoint=endpoint,
        s3_bucket=bucket,
        prefix="sites/{tenant_id}/",
        s3_access_key="test-access",
        s3_secret_key="test-secret",  # type: ignore[arg-type]
    )


def make_bucket(endpoint: str) -> str:
    bucket = f"portal-{uuid4().hex[:12]}"
    Minio(endpoint.removeprefix("http://"), "test-access", "test-secret", secure=False).make_bucket(bucket)
    return bucket


async def test_publishing_to_a_bucket_writes_the_site_under_the_tenants_prefix(
    s3_endpoint: str, channel_media: InMemoryMedia
) -> None:
    config = s3_config(s3_endpoint, make_bucket(s3_endpoint))
    release = sample_release()

    async with open_context(tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media, channel="portal") as ctx:
        await plugin.publish(ctx, release)

    store = site_store(config, SAMPLE_TENANT_ID)
    assert isinstance(store, S3SiteStore)
    keys = await store.keys("")
    assert f"articles/{release.release_id}.html" in keys
    assert {"index.html", "feed.xml", "atom.xml", "sitemap.xml", "_fabu/manifest.json"} <= set(keys)
    found = await serve(store, f"articles/{release.release_id}.html")
    assert found is not None
    assert release.title in found[0].decode()


async def test_a_missing_bucket_needs_a_person_to_fix_the_config(
    s3_endpoint: str, channel_media: InMemoryMedia
) -> None:
    config = s3_config(s3_endpoint, "no-such-bucket")

    async with open_context(tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media, channel="portal") as ctx:
        with pytest.raises(AuthExpiredError):
            await plugin.publish(ctx, sample_release())


async def test_an_unreachable_store_is_retryable(channel_media: InMemoryMedia) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = s3_config(f"http://127.0.0.1:{port}", "www")

    async with open_context(tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media, channel="portal") as ctx:
        with pytest.raises(RetryableChannelError):
            await plugin.publish(ctx, sample_release())
