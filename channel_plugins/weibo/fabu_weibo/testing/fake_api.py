"""The fake Weibo's endpoints, following the Weibo Open API documentation (``api.weibo.com/2``)."""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Json = dict[str, Any]

ERRORS = {
    10001: (500, "System error"),
    10002: (503, "Service unavailable"),
    10016: (400, "Miss required parameter (%s) , see doc for more info."),
    10017: (400, "Parameter (status)'s value invalid, appkey not bind domain!"),
    10023: (403, "User requests out of rate limit!"),
    10024: (403, "User requests for (statuses/share) out of rate limit!"),
    20005: (400, "Unsupported image type, only suport JPG, GIF, PNG!"),
    20006: (400, "Image size too large."),
    20012: (400, "Text too long, please input text less than 140 characters!"),
    20019: (400, "Repeat content!"),
    20101: (400, "Target weibo does not exist!"),
    21301: (401, "auth faild!"),
    21327: (401, "expired_token"),
    21332: (401, "invalid_access_token"),
}
_CST = timezone(timedelta(hours=8))
_URL = re.compile(r"https?://[^\s]+")
_TOPIC = re.compile(r"#[^#\s][^#]*#")


class WeiboError(Exception):
    def __init__(self, code: int, detail: str = "status") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def error(code: int, path: str, detail: str = "status") -> tuple[int, Json]:
    status, text = ERRORS.get(code, (400, "error"))
    return status, {"request": path, "error_code": code, "error": text.replace("%s", detail)}


@dataclass
class Fault:
    path: str
    kind: str  # "error" or "stall"
    remaining: int
    code: int = 0
    http_status: int = 0
    delay: float = 0.0


@dataclass
class State:
    clock: Callable[[], datetime]
    uid: str = "1904178193"
    safe_domains: tuple[str, ...] = ("www.example.gov.cn",)
    lock: threading.RLock = field(default_factory=threading.RLock)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(4_999_000_000_000_001))
    tokens: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, Json] = field(default_factory=dict)
    pictures: dict[str, bytes] = field(default_factory=dict)
    comments: dict[str, list[Json]] = field(default_factory=dict)
    counts: dict[str, Json] = field(default_factory=dict)
    shares_this_hour: dict[str, int] = field(default_factory=dict)
    share_limit: int = 30
    faults: list[Fault] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def weibo_time(self, when: datetime | None = None) -> str:
        return (when or self.clock()).astimezone(_CST).strftime("%a %b %d %H:%M:%S %z %Y")

    def hour(self) -> str:
        return self.clock().strftime("%Y%m%d%H")


def weibo_length(text: str) -> int:
    """Weibo's count: a half-width character is half a character; links count as a short t.cn link."""
    without_links = _URL.sub("http://t.cn/A6abcdEF", text)
    return math.ceil(sum(0.5 if ord(c) < 128 else 1 for c in without_links))


def form(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, bytes]]:
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        fields: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if not isinstance(name, str) or not isinstance(payload, bytes):
                continue
            if part.get_filename():
                files[name] = payload
            else:
                fields[name] = payload.decode()
        return fields, files
    return dict(parse_qsl(body.decode(), keep_blank_values=True)), {}


def check_token(state: State, token: str | None) -> str:
    if not token:
        raise WeiboError(21301)
    expires = state.tokens.get(token)
    if expires is None:
        raise WeiboError(21332)
    if expires <= state.clock().timestamp():
        raise WeiboError(21327)
    return token


def _image_ok(data: bytes) -> bool:
    return data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"))


def share(state: State, fields: dict[str, str], files: dict[str, bytes]) -> Json:
    text = fields.get("status")
    if not text:
        raise WeiboError(10016, "status")
    if state.shares_this_hour.get(state.hour(), 0) >= state.share_limit:
        raise WeiboError(10024)
    if weibo_length(text) > 140:
        raise WeiboError(20012)
    hosts = [(urlsplit(u).hostname or "") for u in _URL.findall(text)]
    safe = any(h == d or h.endswith("." + d) for h in hosts for d in state.safe_domains)
    if _TOPIC.search(text) or not safe:
        raise WeiboError(10017)
    picture = files.get("pic")
    if picture is not None and not _image_ok(picture):
        raise WeiboError(20005)
    if picture is not None and len(picture) >= 5 * 1024 * 1024:
        raise WeiboError(20006)
    latest = max(state.statuses.values(), key=lambda s: s["id"], default=None)
    if latest is not None and latest["_raw_text"] == text:
        raise WeiboError(20019)
    state.shares_this_hour[state.hour()] = state.shares_this_hour.get(state.hour(), 0) + 1
    number = next(state.ids)
    status = {
        "created_at": state.weibo_time(),
        "id": number,
        "idstr": str(number),
        "mid": str(number),
        "text": _URL.sub(lambda _: f"http://t.cn/A{number % 100000:05d}", text),
        "_raw_text": text,
        "source": '<a href="https://open.weibo.com" rel="nofollow">Fabu</a>',
        "favorited": False,
        "truncated": False,
        "user": {"id": int(state.uid), "idstr": state.uid, "screen_name": "某市人民政府"},
        "reposts_count": 0,
        "comments_count": 0,
        "attitudes_count": 0,
    }
    if picture is not None:
        state.pictures[str(number)] = picture
        status["original_pic"] = f"https://wx1.sinaimg.cn/large/{number}.jpg"
    state.statuses[str(number)] = status
    return public(status)


def public(status: Json) -> Json:
    return {k: v for k, v in status.items() if not k.startswith("_")}


def find(state: State, post_id: str | None) -> Json:
    status = state.statuses.get(post_id or "")
    if status is None:
        raise WeiboError(20101)
    return status


def timeline(state: State, query: dict[str, str]) -> Json:
    count = min(int(query.get("count", 20)), 100)
    page = max(int(query.get("page", 1)), 1)
    newest = sorted(state.statuses.values(), key=lambda s: s["id"], reverse=True)
    return {
        "statuses": [public(s) for s in newest[(page - 1) * count : page * count]],
        "total_number": len(newest),
    }


def comments_show(state: State, query: dict[str, str]) -> Json:
    status = find(state, query.get("id"))
    count = min(int(query.get("count", 50)), 200)
    page = max(int(query.get("page", 1)), 1)
    newest = sorted(state.comments.get(status["idstr"], []), key=lambda c: c["id"], reverse=True)
    return {
        "comments": newest[(page - 1) * count : page * count],
        "total_number": len(newest),
        "previous_cursor": 0,
        "next_cursor": 0,
    }


def counts(state: State, query: dict[str, str]) -> list[Json]:
    rows = []
    for post_id in (query.get("ids") or "").split(",")[:100]:
        if post_id in state.statuses:
            extra = state.counts.get(post_id, {})
            rows.append(
                {
                    "id": int(post_id),
                    "comments": len(state.comments.get(post_id, [])),
                    "reposts": extra.get("reposts", 0),
                    "attitudes": extra.get("attitudes", 0),
                }
            )
    return rows


def rate_limit_status(state: State) -> Json:
    now = state.clock()
    reset = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    used = state.shares_this_hour.get(state.hour(), 0)
    return {
        "ip_limit": 10000,
        "limit_time_unit": "HOURS",
        "remaining_ip_hits": 10000,
        "remaining_user_hits": 150,
        "reset_time": reset.astimezone(_CST).strftime("%Y-%m-%d %H:%M:%S"),
        "reset_time_in_seconds": int((reset - now).total_seconds()),
        "user_limit": 150,
        "api_rate_limits": [
            {
                "api": "statuses/share",
                "limit": state.share_limit,
                "limit_time_unit": "HOURS",
                "remaining_hits": max(state.share_limit - used, 0),
            }
        ],
    }
