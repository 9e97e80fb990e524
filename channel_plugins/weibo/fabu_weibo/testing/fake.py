"""A fake Weibo Open API: a real HTTP server on 127.0.0.1, with knobs for faults.

::

    with FakeWeibo(clock=clock) as weibo:           # weibo.base_url, weibo.token for the config
        weibo.expire_token()                        # calls answer 21327 expired_token
        weibo.state.share_limit = 0                 # statuses/share answers 10024 this hour
        weibo.fail_next(10001, "/2/statuses/share.json", http_status=500)
        weibo.stall_next("/2/statuses/share.json", 1.5)   # post, then answer too late
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fabu.channels.testing import FakeServer, StatefulHTTPServer

from . import fake_api as api
from .fake_api import Fault, Json, State

TOKEN = "2.00fakeWeiboAccessToken"


class FakeWeibo(FakeServer[State]):
    """The fake server; a context manager, or :meth:`start` and :meth:`stop`."""

    def __init__(self, *, clock: Callable[[], datetime], token: str = TOKEN) -> None:
        super().__init__(_Handler, State(clock=clock))
        self.token = token
        self.state.tokens[token] = clock().timestamp() + 30 * 86400

    def expire_token(self) -> None:
        with self.state.lock:
            self.state.tokens[self.token] = self.state.clock().timestamp()

    def fail_next(self, code: int, path: str, *, http_status: int = 400, times: int = 1) -> None:
        """The next ``times`` calls of ``path`` answer ``code`` and do nothing."""
        with self.state.lock:
            self.state.faults.append(Fault(path, "error", times, code=code, http_status=http_status))

    def stall_next(self, path: str, delay: float) -> None:
        """The next call of ``path`` is carried out, then answered after ``delay`` seconds."""
        with self.state.lock:
            self.state.faults.append(Fault(path, "stall", 1, delay=delay))

    def add_comment(self, post_id: str, text: str, *, author: str, at: datetime, reply_to: str | None = None) -> str:
        with self.state.lock:
            number = next(self.state.ids)
            comment: Json = {
                "created_at": self.state.weibo_time(at),
                "id": number,
                "idstr": str(number),
                "mid": str(number),
                "text": text,
                "user": {"id": 2000 + number % 1000, "screen_name": author},
                "status": {"id": int(post_id), "idstr": post_id},
            }
            if reply_to is not None:
                comment["reply_comment"] = {"id": int(reply_to), "idstr": reply_to}
            self.state.comments.setdefault(post_id, []).append(comment)
            return str(number)

    def set_counts(self, post_id: str, **counts: int) -> None:
        with self.state.lock:
            self.state.counts.setdefault(post_id, {}).update(counts)

    def posts(self) -> list[Json]:
        with self.state.lock:
            return [dict(s) for s in self.state.statuses.values()]

    def calls_to(self, path: str) -> int:
        with self.state.lock:
            return self.state.calls.count(path)


class _Handler(BaseHTTPRequestHandler):
    server: StatefulHTTPServer[State]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the state."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.server.state
        with state.lock:
            try:
                status, answer = 200, self._answer(state, method, url.path, dict(parse_qsl(url.query)), body)
            except api.WeiboError as failure:
                status, answer = api.error(failure.code, url.path, failure.detail)
            except _Injected as injected:
                status, answer = injected.http_status, api.error(injected.code, url.path)[1]
            delay = self._stall(state, url.path)
        if delay:
            time.sleep(delay)
        self._send(status, answer)

    def _answer(self, state: State, method: str, path: str, query: dict[str, str], body: bytes) -> Any:
        if method == "POST":
            fields, files = api.form(body, self.headers.get("Content-Type", ""))
        else:
            fields, files = query, {}
        api.check_token(state, fields.get("access_token"))
        state.calls.append(path)
        self._inject(state, path)
        routes: dict[tuple[str, str], Callable[[], Any]] = {
            ("POST", "/2/statuses/share.json"): lambda: api.share(state, fields, files),
            ("POST", "/2/statuses/destroy.json"): lambda: api.public(
                state.statuses.pop(api.find(state, fields.get("id"))["idstr"])
            ),
            ("GET", "/2/statuses/show.json"): lambda: api.public(api.find(state, fields.get("id"))),
            ("GET", "/2/statuses/user_timeline.json"): lambda: api.timeline(state, fields),
            ("GET", "/2/comments/show.json"): lambda: api.comments_show(state, fields),
            ("GET", "/2/statuses/count.json"): lambda: api.counts(state, fields),
            ("GET", "/2/account/rate_limit_status.json"): lambda: api.rate_limit_status(state),
        }
        route = routes.get((method, path))
        if route is None:
            raise api.WeiboError(10016, "api")
        return route()

    def _inject(self, state: State, path: str) -> None:
        for fault in state.faults:
            if fault.path == path and fault.kind == "error":
                fault.remaining -= 1
                if fault.remaining <= 0:
                    state.faults.remove(fault)
                raise _Injected(fault.code, fault.http_status)

    def _stall(self, state: State, path: str) -> float:
        for fault in state.faults:
            if fault.path == path and fault.kind == "stall":
                state.faults.remove(fault)
                return fault.delay
        return 0.0

    def _send(self, status: int, answer: Any) -> None:
        payload = json.dumps(answer, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a stall)


class _Injected(Exception):
    def __init__(self, code: int, http_status: int) -> None:
        super().__init__(code)
        self.code = code
        self.http_status = http_status
