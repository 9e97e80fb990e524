"""Helpers shared by the storage tests."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from litestar import Litestar
from moto.server import ThreadedMotoServer

from fabu.storage import ObjectStore, S3ObjectStore
from fabu.web.storage import download_object

SECRET = "test-secret-test-secret-test-secret!"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def free_port() -> int:
    """A local port nothing listens on (bound, read, released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_moto() -> tuple[ThreadedMotoServer, str]:
    """Start moto's S3-protocol HTTP server on a free loopback port; return it and its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def connect_s3(
    endpoint: str, *, timeout: float = 10.0, max_retries: int = 3
) -> S3ObjectStore:
    """An S3 store on a bucket of its own (not created yet)."""
    return S3ObjectStore.connect(
        endpoint,
        bucket=f"fabu-{uuid4().hex}",
        access_key="test-access",
        secret_key="test-secret",
        region="us-east-1",
        timeout=timeout,
        max_retries=max_retries,
    )


def storage_app(store: ObjectStore) -> Litestar:
    """The smallest app serving signed downloads, wired as the real app is meant to be."""
    app = Litestar(route_handlers=[download_object])
    app.state.object_store = store
    return app
