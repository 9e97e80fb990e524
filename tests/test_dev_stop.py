"""`fabu dev` stopped with SIGTERM (a service manager, `kill`, a container stop) stops its embedded servers."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from fabu.devstack import free_port


def test_sigterm_stops_the_embedded_postgres_and_redis(tmp_path: Path) -> None:
    port = free_port()
    data_dir = tmp_path / "dev"
    log = (tmp_path / "dev.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", "from fabu.cli import main; main()", "dev", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_healthy(process, f"http://127.0.0.1:{port}/healthz")
        assert (data_dir / "postgres" / "postmaster.pid").exists()

        process.send_signal(signal.SIGTERM)
        process.wait(60)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()

    output = (tmp_path / "dev.log").read_text(errors="replace")
    assert not (data_dir / "postgres" / "postmaster.pid").exists(), output[-2000:]  # PostgreSQL stopped
    assert "server stopped" in output
    redis_port = int(re.search(r"redis://127\.0\.0\.1:(\d+)", output)[1])  # type: ignore[index]
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", redis_port), timeout=2):
        pass  # nothing listens there any more: Redis stopped too


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, "fabu dev exited before it was healthy"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError("fabu dev did not become healthy in time")
