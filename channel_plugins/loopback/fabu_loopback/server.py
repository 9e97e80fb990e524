"""A tiny channel API on 127.0.0.1 (stdlib ``http.server`` in a thread), with knobs for fault injection.

It behaves like the channels Fabu publishes to that take no idempotency key: every accepted
``POST /v1/posts`` creates a new post, so a blind retry makes a duplicate, and :meth:`post_count`
lets a test prove exactly-once. Run it alone with ``python -m fabu_loopback --port 8765``.

API (JSON; every call needs ``Authorization: Bearer <api key>``)::

    POST   /v1/media                    raw bytes -> {media_id, sha256, size}
    POST   /v1/posts                    {release_id, title, summary, body_html, media_ids} -> 201 post
    GET    /v1/posts?release_id=ID      {items: [post, ...]}
    GET    /v1/posts/ID                 post, or 404
    PUT    /v1/posts/ID                 same body as POST -> post (replaces the content)
    DELETE /v1/posts/ID                 post, state "retracted"
    GET    /v1/posts/ID/metrics         {views, likes, shares, comments, measured_at}
    GET    /v1/posts/ID/comments?since=ISO   {items: [{id, author, text, created_at}, ...]}
    GET    /p/ID                        the public page (no key needed)

Errors are ``{"code": ..., "message": ...}``: 401 bad key, 404 unknown post, 409 retracted post,
422 rejected content, 503 (with ``Retry-After``) not processed, try later.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from fabu_loopback.faults import REFUSALS, Fault, Injection

__all__ = ["Fault", "Injection", "LoopbackServer"]

Json = dict[str, Any]


@dataclass
class _State:
    api_key: str
    review: bool
    lock: threading.Lock = field(default_factory=threading.Lock)
    posts: dict[str, Json] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)
    comments: dict[str, list[Json]] = field(default_factory=dict)
    metrics: dict[str, Json] = field(default_factory=dict)
    injections: list[Injection] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


def _now() -> str:
    return datetime.now(UTC).isoformat()


class LoopbackServer:
    """The loopback channel service; use as a context manager or call :meth:`start` and :meth:`stop`."""

    def __init__(
        self, *, api_key: str = "loopback-key", host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self._state = _State(api_key=api_key, review=False)
        self._armed: list[Injection] = []
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.state = self._state
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def review(self) -> bool:
        """Whether new posts wait in review (``pending``) until :meth:`approve` or :meth:`reject`."""
        return self._state.review

    @review.setter
    def review(self, value: bool) -> None:
        self._state.review = value

    def start(self) -> Self:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and release the port (stalled and dropped requests end their waits now)."""
        for injection in self._armed:
            injection.release()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def fail_next(
        self,
        fault: Fault,
        *,
        method: str = "POST",
        path: str = "/v1/posts",
        times: int = 1,
        retry_after: float | None = None,
        delay: float = 2.0,
        skip: int = 0,
    ) -> Injection:
        """Make the next ``times`` requests of ``method`` to paths starting with ``path`` hit ``fault``.

        The first ``skip`` matching requests are served normally. Returns the armed fault, to wait for it.
        """
        injection = Injection(fault, method, path, times, retry_after, delay, skip)
        with self._state.lock:
            self._state.injections.append(injection)
        self._armed.append(injection)
        return injection

    def post_count(self, release_id: object) -> int:
        """How many posts were created for ``release_id`` (more than one means a duplicate)."""
        return len(self.posts_for(release_id))

    def total_posts(self) -> int:
        """How many posts were created, for every release."""
        with self._state.lock:
            return len(self._state.posts)

    def posts_for(self, release_id: object) -> list[Json]:
        """Copies of the posts created for ``release_id``."""
        with self._state.lock:
            return [
                dict(post)
                for post in self._state.posts.values()
                if post["release_id"] == str(release_id)
            ]

    def media(self, media_id: str) -> bytes:
        """The bytes uploaded as ``media_id``."""
        return self._state.media[media_id]

    def approve(self, post_id: str) -> None:
        """End the review of a pending post: it goes live."""
        self._set_state(post_id, "published", "")

    def reject(self, post_id: str, message: str) -> None:
        """End the review of a pending post: rejected, with the reviewer's words."""
        self._set_state(post_id, "rejected", message)

    def add_comment(
        self, post_id: str, author: str, text: str, created_at: datetime | None = None
    ) -> str:
        """Add a reader's comment; returns its id."""
        with self._state.lock:
            comment_id = f"c-{next(self._state.ids)}"
            when = (created_at or datetime.now(UTC)).isoformat()
            self._state.comments.setdefault(post_id, []).append(
                {"id": comment_id, "author": author, "text": text, "created_at": when}
            )
            return comment_id

    def set_metrics(self, post_id: str, **counts: int) -> None:
        """Set a post's counters (views, likes, shares, comments)."""
        with self._state.lock:
            self._state.metrics.setdefault(post_id, {}).update(counts)

    def _set_state(self, post_id: str, state: str, message: str) -> None:
        with self._state.lock:
            self._state.posts[post_id].update(
                state=state, review_message=message, updated_at=_now()
            )


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    state: _State


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; tests read the state instead."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if method == "GET" and url.path.startswith("/p/"):
            self._page(url.path.removeprefix("/p/"))
            return
        if self.headers.get("Authorization") != f"Bearer {self.server.state.api_key}":
            self._send(
                401,
                {"code": "invalid_token", "message": "API 密钥无效 / invalid API key"},
            )
            return
        injection = self._take_injection(method, url.path)
        if injection is not None and injection.fault is Fault.DROP:
            injection.reached.set()
            injection.released.wait(injection.delay)
            self.close_connection = True  # no answer at all: the client sees the connection closed
            return
        if injection is not None and injection.fault is Fault.SLOW_ACCEPT:
            injection.reached.set()
            injection.released.wait(injection.delay)
        if injection is not None and injection.fault in REFUSALS:
            status, answer = REFUSALS[injection.fault]
            retry = (
                {"Retry-After": f"{injection.retry_after:g}"}
                if injection.retry_after is not None
                else {}
            )
            self._send(status, answer, retry)
            return
        status, answer = _route(
            self.server.state, method, url.path, parse_qs(url.query), body, self.headers
        )
        if injection is not None and injection.fault is Fault.STALL:
            injection.reached.set()
            injection.released.wait(injection.delay)
        if injection is not None and injection.fault is Fault.ERROR_AFTER_ACCEPT:
            status, answer = (
                500,
                {"code": "internal", "message": "内部错误 / internal error"},
            )
        self._send(status, answer)

    def _take_injection(self, method: str, path: str) -> Injection | None:
        state = self.server.state
        with state.lock:
            for injection in state.injections:
                if injection.method == method and path.startswith(injection.path):
                    if injection.skip > 0:
                        injection.skip -= 1
                        return None
                    injection.remaining -= 1
                    if injection.remaining <= 0:
                        state.injections.remove(injection)
                    return injection
        return None

    def _page(self, post_id: str) -> None:
        post = self.server.state.posts.get(post_id)
        if post is None or post["state"] != "published":
            self._send(404, {"code": "not_found", "message": "未找到 / not found"})
            return
        page = f"<h1>{html.escape(post['title'])}</h1>{post['body_html']}".encode()
        self._write(200, page, "text/html; charset=utf-8", {})

    def _send(
        self, status: int, answer: Json, headers: dict[str, str] | None = None
    ) -> None:
        self._write(
            status,
            json.dumps(answer, ensure_ascii=False).encode(),
            "application/json",
            headers or {},
        )

    def _write(
        self, status: int, payload: bytes, content_type: str, headers: dict[str, str]
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (
            BrokenPipeError,
            ConnectionResetError,
        ):  # the client gave up (e.g. a stall): nothing to do
            pass


_NOT_FOUND: tuple[int, Json] = (
    404,
    {"code": "not_found", "message": "稿件不存在 / no such post"},
)


def _route(
    state: _State,
    method: str,
    path: str,
    query: dict[str, list[str]],
    body: bytes,
    headers: Any,
) -> tuple[int, Json]:
    parts = path.strip("/").split("/")
    with state.lock:
        if parts == ["v1", "media"] and method == "POST":
            return _upload(state, body)
        if parts == ["v1", "posts"] and method == "POST":
            return _create(state, json.loads(body or b"{}"), headers.get("Host", ""))
        if parts == ["v1", "posts"] and method == "GET":
            wanted = (query.get("release_id") or [""])[0]
            return 200, {
                "items": [
                    post
                    for post in state.posts.values()
                    if post["release_id"] == wanted
                ]
            }
        if (
            len(parts) < 3
            or parts[:2] != ["v1", "posts"]
            or parts[2] not in state.posts
        ):
            return _NOT_FOUND
        post = state.posts[parts[2]]
        return _on_post(state, post, method, parts[3:], query, body)


def _on_post(
    state: _State,
    post: Json,
    method: str,
    rest: list[str],
    query: dict[str, list[str]],
    body: bytes,
) -> tuple[int, Json]:
    if rest == [] and method == "GET":
        return 200, post
    if rest == [] and method == "PUT":
        if post["state"] == "retracted":
            return 409, {
                "code": "retracted",
                "message": "稿件已撤回 / the post was retracted",
            }
        post.update(_content(json.loads(body or b"{}")), updated_at=_now())
        return 200, post
    if rest == [] and method == "DELETE":
        post.update(state="retracted", updated_at=_now())
        return 200, post
    if rest == ["metrics"] and method == "GET":
        counts = {
            "views": 0,
            "likes": 0,
            "shares": 0,
            "comments": len(state.comments.get(post["id"], [])),
        }
        return 200, {
            **counts,
            **state.metrics.get(post["id"], {}),
            "measured_at": _now(),
        }
    if rest == ["comments"] and method == "GET":
        since = (query.get("since") or [""])[0]
        after = datetime.fromisoformat(since) if since else None
        comments = state.comments.get(post["id"], [])
        items = [
            c
            for c in comments
            if after is None or datetime.fromisoformat(c["created_at"]) > after
        ]
        return 200, {"items": items}
    return _NOT_FOUND


def _content(payload: Json) -> Json:
    keys = ("title", "summary", "body_html", "media_ids")
    return {key: payload.get(key, "" if key != "media_ids" else []) for key in keys}


def _create(state: _State, payload: Json, host: str) -> tuple[int, Json]:
    if not payload.get("release_id") or not payload.get("title"):
        return 422, {
            "code": "invalid",
            "message": "缺少 release_id 或 title / release_id and title are required",
        }
    unknown = [
        media for media in payload.get("media_ids", []) if media not in state.media
    ]
    if unknown:
        return 422, {
            "code": "unknown_media",
            "message": f"未知的媒体 / unknown media: {unknown}",
        }
    post_id = f"p-{next(state.ids)}"
    now = _now()
    post = {
        "id": post_id,
        "release_id": str(payload["release_id"]),
        **_content(payload),
        "state": "pending" if state.review else "published",
        "review_message": "",
        "url": f"http://{host}/p/{post_id}",
        "created_at": now,
        "updated_at": now,
    }
    state.posts[post_id] = post
    return 201, post


def _upload(state: _State, body: bytes) -> tuple[int, Json]:
    media_id = f"m-{next(state.ids)}"
    state.media[media_id] = body
    return 201, {
        "media_id": media_id,
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
    }
