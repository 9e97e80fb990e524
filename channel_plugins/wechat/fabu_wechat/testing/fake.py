"""A fake WeChat Official Account API: a real HTTP server on 127.0.0.1, with knobs for faults.

::

    with FakeWeChat(clock=clock) as wechat:           # a free port; wechat.base_url for the config
        wechat.expire_tokens()                        # every issued token answers 42001 from now on
        wechat.fail_next(-1, "/cgi-bin/freepublish/submit")      # "system busy", nothing done
        wechat.stall_next("/cgi-bin/freepublish/submit", 2.0)    # accept, then answer too late
        wechat.set_quota("/cgi-bin/freepublish/submit", 0)       # 45009 until reset
        wechat.state.job_outcome = 4                  # new publish jobs end rejected by review
        wechat.state.publish_polls = 2                # ...after two polls answering "publishing"
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fabu.channels.testing import FakeServer, StatefulHTTPServer

from . import fake_api as api
from . import fake_push as push
from . import fake_stats as stats
from .fake_state import Fault, Json, Published, State

APP_ID = "wx0123456789abcdef"
APP_SECRET = "fake-app-secret-0123456789abcdef"
CALLBACK_TOKEN = "fabu-callback-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the console makes them

_ROUTES: dict[str, Callable[[State, bytes], Json]] = {
    "/cgi-bin/draft/add": api.draft_add,
    "/cgi-bin/freepublish/submit": api.submit,
    "/cgi-bin/freepublish/get": api.publish_get,
    "/cgi-bin/freepublish/getarticle": api.get_article,
    "/cgi-bin/freepublish/batchget": api.batchget,
    "/cgi-bin/freepublish/delete": api.delete,
    "/cgi-bin/comment/list": stats.comment_list,
}


class FakeWeChat(FakeServer[State]):
    """The fake server; a context manager, or :meth:`start` and :meth:`stop`."""

    def __init__(self, *, clock: Callable[[], datetime], app_id: str = APP_ID, app_secret: str = APP_SECRET) -> None:
        super().__init__(_Handler, State(app_id=app_id, app_secret=app_secret, clock=clock))

    # -- knobs --------------------------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Every token issued so far expires now (calls with it answer 42001)."""
        with self.state.lock:
            for token in self.state.tokens.values():
                token.expires_at = min(token.expires_at, self.state.now())

    def fail_next(self, errcode: int, path: str, times: int = 1) -> None:
        """The next ``times`` calls of ``path`` answer ``errcode`` and do nothing."""
        with self.state.lock:
            self.state.faults.append(Fault(path, "errcode", times, errcode=errcode))

    def stall_next(self, path: str, delay: float) -> None:
        """The next call of ``path`` is carried out, then answered after ``delay`` seconds."""
        with self.state.lock:
            self.state.faults.append(Fault(path, "stall", 1, delay=delay))

    def set_quota(self, path: str, remaining: int) -> None:
        """Allow ``remaining`` more calls of ``path`` today, then answer 45009."""
        with self.state.lock:
            self.state.quota[path] = remaining

    def finish_jobs(self) -> None:
        """End every running publish job with its outcome, as time passing would."""
        with self.state.lock:
            for job in self.state.jobs.values():
                if job.status == 1:
                    self.state.finish(job)

    def delete_by_user(self, article_id: str) -> None:
        """Someone deletes the article in the MP console (publish_status 5)."""
        with self.state.lock:
            self.state.articles[article_id].is_deleted = True
            self.state.jobs[self.state.articles[article_id].publish_id].status = 5

    def ban(self, article_id: str) -> None:
        """The platform bans the article after publication (publish_status 6)."""
        with self.state.lock:
            self.state.jobs[self.state.articles[article_id].publish_id].status = 6

    def add_comment(self, msg_data_id: str, content: str, *, openid: str, created: int, selected: bool = False) -> str:
        with self.state.lock:
            comment_id = int(self.state.next_id())
            self.state.comments.setdefault(msg_data_id, []).append(
                {
                    "user_comment_id": comment_id,
                    "create_time": created,
                    "content": content,
                    "comment_type": int(selected),
                    "openid": openid,
                }
            )
            return str(comment_id)

    def record_reads(self, msg_data_id: str, day: date, **counters: int) -> None:
        """Add one day's reading of an article (``int_page_read_count=...``, ``share_count=...``)."""
        with self.state.lock:
            entry = self.state.reads.setdefault((msg_data_id, day), dict.fromkeys(stats.COUNTERS, 0))
            for name, value in counters.items():
                entry[name] += value

    def published(self) -> list[Published]:
        with self.state.lock:
            return list(self.state.articles.values())

    def calls_to(self, path: str) -> int:
        with self.state.lock:
            return sum(1 for called, _ in self.state.calls if called == path)

    def publish_push(self, publish_id: str, *, encrypted: bool = False) -> tuple[dict[str, str], bytes]:
        """The signed PUBLISHJOBFINISH request WeChat sends when the job ends."""
        with self.state.lock:
            job = self.state.jobs[publish_id]
            message = push.event_xml(self.state, job)
            return push.signed_push(self.state, message, CALLBACK_TOKEN, AES_KEY if encrypted else None)

    def url_check(self, echostr: str) -> dict[str, str]:
        return push.url_check(self.state, CALLBACK_TOKEN, echostr)


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
        query = dict(parse_qsl(url.query))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.server.state
        delay = 0.0
        with state.lock:
            try:
                answer = self._answer(state, method, url.path, query, body)
            except api.WeChatError as failure:
                answer = api.error(failure.code)
            delay = self._stall(state, url.path)
        if delay:
            time.sleep(delay)
        self._send(answer)

    def _answer(self, state: State, method: str, path: str, query: dict[str, str], body: bytes) -> Json:
        content_type = self.headers.get("Content-Type", "")
        if path == "/cgi-bin/token":
            return api.classic_token(state, query) if method == "GET" else api.error(43002)
        if method != "POST":
            raise api.WeChatError(43002)
        if path == "/cgi-bin/stable_token":
            return api.stable_token(state, body)
        api.check_token(state, query.get("access_token"))
        state.calls.append((path, {k: v for k, v in query.items() if k != "access_token"}))
        self._inject(state, path)
        if path == "/cgi-bin/media/uploadimg":
            return api.upload_image(state, body, content_type)
        if path == "/cgi-bin/material/add_material":
            return api.add_material(state, query, body, content_type)
        if path.startswith("/datacube/") and path.removeprefix("/datacube/") in stats.SPANS:
            return stats.datacube(state, path.removeprefix("/datacube/"), body)
        handler = _ROUTES.get(path)
        if handler is None:
            raise api.WeChatError(40097)
        return handler(state, body)

    def _inject(self, state: State, path: str) -> None:
        for fault in state.faults:
            if fault.path == path and fault.kind == "errcode":
                fault.remaining -= 1
                if fault.remaining <= 0:
                    state.faults.remove(fault)
                raise api.WeChatError(fault.errcode)
        if path in state.quota:
            if state.quota[path] <= 0:
                raise api.WeChatError(45009)
            state.quota[path] -= 1

    def _stall(self, state: State, path: str) -> float:
        for fault in state.faults:
            if fault.path == path and fault.kind == "stall":
                state.faults.remove(fault)
                return fault.delay
        return 0.0

    def _send(self, answer: Json) -> None:
        payload = json.dumps(answer, ensure_ascii=False).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; encoding=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a stall): nothing to answer
