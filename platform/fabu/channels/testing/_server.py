"""A base for plugin authors' fake channel APIs: a stateful HTTP server on 127.0.0.1, in a thread."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Generic, Self, TypeVar

StateT = TypeVar("StateT")


class StatefulHTTPServer(ThreadingHTTPServer, Generic[StateT]):
    """The server a fake's request handler sees as ``self.server``, carrying the fake's ``state``."""

    daemon_threads = True
    block_on_close = False
    state: StateT


class FakeServer(Generic[StateT]):
    """A fake channel API on a free loopback port; use as a context manager or ``start()``/``stop()``.

    Subclasses pass their request handler and state, then add knobs that change ``state``.
    """

    def __init__(self, handler: type[BaseHTTPRequestHandler], state: StateT) -> None:
        self.state = state
        self._httpd: StatefulHTTPServer[StateT] = StatefulHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.state = state
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
