"""The fake WeChat's endpoints, following the Official Account API documentation.

Each handler takes the request and returns the JSON answer (HTTP 200, as WeChat answers even its
errors). Tokens, quotas and limits are the documented ones; see the plugin's README for the
points the documentation leaves open and how this fake settles them.
"""

from __future__ import annotations

import json
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from .fake_state import Job, Json, Published, State, Token

ERRORS = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40004: "invalid media type",
    40005: "invalid file type",
    40007: "invalid media_id",
    40009: "invalid image size",
    40013: "invalid appid",
    40014: "invalid access_token",
    40097: "invalid args",
    40125: "invalid appsecret",
    41001: "access_token missing",
    41002: "appid missing",
    41004: "appsecret missing",
    41005: "media data missing",
    42001: "access_token expired",
    43002: "require POST method",
    44003: "empty news data",
    45002: "content size out of limit",
    45003: "title size out of limit",
    45004: "description size out of limit",
    45005: "url size out of limit",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit must slower retry next minute",
    45110: "author size out of limit",
    47001: "data format error",
    53600: "Article ID 无效",
    61500: "date format error",
    61501: "date range error",
    88000: "without comment privilege",
    88001: "msg_data is not exists",
}
_ESCAPED = re.compile(rb"\\u[0-9a-fA-F]{4}")
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'src="([^"]*)"', re.IGNORECASE)
_MIB = 1024 * 1024


class WeChatError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def error(code: int) -> Json:
    return {"errcode": code, "errmsg": f"{ERRORS.get(code, 'error')} rid: fake"}


def ok(**fields: Any) -> Json:
    return {"errcode": 0, "errmsg": "ok", **fields}


def json_body(body: bytes) -> Json:
    if _ESCAPED.search(body):
        # "注意不要使用Unicode转义格式": send UTF-8, not \\uXXXX escapes.
        raise WeChatError(47001)
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise WeChatError(47001) from None
    if not isinstance(data, dict):
        raise WeChatError(47001)
    return data


def _multipart(body: bytes, content_type: str) -> dict[str, bytes]:
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    parts: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = payload
    return parts


def _image_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"BM"):
        return "bmp"
    return None


# -- tokens ---------------------------------------------------------------------------------


def _issue(state: State, family: str) -> Json:
    state.token_fetches += 1
    now = state.now()
    old = state.current.get(family)
    if family == "classic" and old in state.tokens:
        # "新旧 access_token 交接之际 ... 5分钟内都可用"
        state.tokens[old].expires_at = min(state.tokens[old].expires_at, now + 300)
    token = f"{family[0]}tok-{state.next_id()}"
    state.tokens[token] = Token(family, now + state.token_lifetime)
    state.current[family] = token
    return {"access_token": token, "expires_in": state.token_lifetime}


def _check_credentials(state: State, grant_type: Any, appid: Any, secret: Any) -> None:
    if grant_type != "client_credential":
        raise WeChatError(40002)
    if not appid:
        raise WeChatError(41002)
    if not secret:
        raise WeChatError(41004)
    if appid != state.app_id:
        raise WeChatError(40013)
    if secret != state.app_secret:
        raise WeChatError(40125)


def stable_token(state: State, body: bytes) -> Json:
    data = json_body(body)
    _check_credentials(state, data.get("grant_type"), data.get("appid"), data.get("secret"))
    now = state.now()
    current = state.current.get("stable")
    record = state.tokens.get(current or "")
    if data.get("force_refresh") is True:
        recent = [t for t in state.force_refreshes if t > now - 86400]
        if len(recent) >= 20:
            raise WeChatError(45009)
        if record and recent and now - recent[-1] < 30:
            # "请保证调用时间隔至少为30s,否则不会刷新"
            return {"access_token": current, "expires_in": int(record.expires_at - now)}
        state.force_refreshes.append(now)
        if record:
            record.revoked = True
        return _issue(state, "stable")
    if record and not record.revoked and record.expires_at - now > 300:
        state.token_fetches += 1
        return {"access_token": current, "expires_in": int(record.expires_at - now)}
    # Within the last five minutes (or expired) the platform hands out a new token.
    return _issue(state, "stable")


def classic_token(state: State, query: dict[str, str]) -> Json:
    _check_credentials(state, query.get("grant_type"), query.get("appid"), query.get("secret"))
    return _issue(state, "classic")


def check_token(state: State, token: str | None) -> None:
    if not token:
        raise WeChatError(41001)
    record = state.tokens.get(token)
    if record is None:
        raise WeChatError(40014)
    if record.revoked:
        raise WeChatError(40001)
    if record.expires_at <= state.now():
        raise WeChatError(42001)


# -- media ----------------------------------------------------------------------------------


def upload_image(state: State, body: bytes, content_type: str) -> Json:
    data = _multipart(body, content_type).get("media")
    if data is None:
        raise WeChatError(41005)
    kind = _image_type(data)
    if kind not in ("png", "jpeg"):
        raise WeChatError(40005)
    if len(data) >= _MIB:
        raise WeChatError(40009)
    url = f"http://mmbiz.qpic.cn/mmbiz_{kind}/{state.next_id('img')}/0"
    state.images[url] = data
    return ok(url=url)


def add_material(state: State, query: dict[str, str], body: bytes, content_type: str) -> Json:
    if query.get("type") not in ("image", "voice", "video", "thumb"):
        raise WeChatError(40004)
    data = _multipart(body, content_type).get("media")
    if data is None:
        raise WeChatError(41005)
    if query["type"] != "image" or _image_type(data) is None:
        raise WeChatError(40005)
    if len(data) > 10 * _MIB:
        raise WeChatError(40009)
    media_id = state.next_id("mat-")
    state.materials[media_id] = data
    return {"media_id": media_id, "url": f"http://mmbiz.qpic.cn/mmbiz/{media_id}/0", "item": []}


# -- drafts and publishing --------------------------------------------------------------------


def _visible_content(state: State, content: str) -> str:
    """What readers would see: scripts removed, images not uploaded through uploadimg filtered."""
    content = _SCRIPT.sub("", content)

    def keep(match: Any) -> str:
        src = _SRC.search(match.group(0))
        return match.group(0) if src and src.group(1) in state.images else ""

    return _IMG.sub(keep, content)


def draft_add(state: State, body: bytes) -> Json:
    articles = json_body(body).get("articles")
    if not isinstance(articles, list) or not articles:
        raise WeChatError(44003)
    stored = []
    for article in articles:
        title, content = str(article.get("title") or ""), str(article.get("content") or "")
        if not title or not content:
            raise WeChatError(44003)
        if len(title) > 32:
            raise WeChatError(45003)
        if len(str(article.get("author") or "")) > 16:
            raise WeChatError(45110)
        if len(str(article.get("digest") or "")) > 128:
            raise WeChatError(45004)
        if len(content) >= 20000 or len(content.encode()) >= _MIB:
            raise WeChatError(45002)
        if len(str(article.get("content_source_url") or "").encode()) > 1024:
            raise WeChatError(45005)
        if article.get("article_type", "news") == "news" and (article.get("thumb_media_id") not in state.materials):
            raise WeChatError(40007)
        stored.append({**article, "content": _visible_content(state, content)})
    media_id = state.next_id("draft-")
    state.drafts[media_id] = {"news_item": stored, "raw": articles}
    return {"media_id": media_id}


def submit(state: State, body: bytes) -> Json:
    media_id = str(json_body(body).get("media_id") or "")
    draft = state.drafts.pop(media_id, None)  # a published draft leaves the draft box
    if draft is None:
        raise WeChatError(40007)
    job = Job(
        publish_id=state.next_id(),
        msg_data_id=state.next_id(),
        article=draft["news_item"][0],
        submitted_on=state.today(),
        final_status=state.job_outcome,
        polls_left=state.publish_polls,
    )
    state.jobs[job.publish_id] = job
    if job.polls_left <= 0:
        state.finish(job)
    return ok(publish_id=job.publish_id, msg_data_id=job.msg_data_id)


def _job_answer(state: State, job: Job) -> Json:
    answer: Json = {"publish_id": job.publish_id, "publish_status": job.status, "fail_idx": job.fail_idx}
    published = state.articles.get(job.article_id)
    if job.status == 0 and published is not None:
        answer["article_id"] = job.article_id
        answer["article_detail"] = {"count": 1, "item": [{"idx": 1, "article_url": published.url}]}
    return answer


def publish_get(state: State, body: bytes) -> Json:
    job = state.jobs.get(str(json_body(body).get("publish_id") or ""))
    if job is None:
        raise WeChatError(53600)
    if job.status == 1:
        if job.polls_left > 0:
            job.polls_left -= 1  # this poll still sees "publishing"
        else:
            state.finish(job)
    return _job_answer(state, job)


def _news_item(published: Published, with_content: bool = True) -> Json:
    item = {k: v for k, v in published.article.items() if with_content or k != "content"}
    return {**item, "url": published.url, "is_deleted": published.is_deleted}


def get_article(state: State, body: bytes) -> Json:
    published = state.articles.get(str(json_body(body).get("article_id") or ""))
    if published is None:
        raise WeChatError(53600)
    return {
        "news_item": [_news_item(published)],
        "create_time": published.update_time,
        "update_time": published.update_time,
    }


def batchget(state: State, body: bytes) -> Json:
    data = json_body(body)
    offset, count = int(data.get("offset", 0)), int(data.get("count", 0))
    if not 1 <= count <= 20 or offset < 0:
        raise WeChatError(40097)
    newest = sorted(state.articles.values(), key=lambda a: a.update_time, reverse=True)
    page = newest[offset : offset + count]
    with_content = not data.get("no_content")
    return {
        "total_count": len(newest),
        "item_count": len(page),
        "item": [
            {
                "article_id": a.article_id,
                "content": {"news_item": [_news_item(a, with_content)]},
                "update_time": a.update_time,
            }
            for a in page
        ],
    }


def delete(state: State, body: bytes) -> Json:
    published = state.articles.get(str(json_body(body).get("article_id") or ""))
    if published is None:
        raise WeChatError(53600)
    published.is_deleted = True
    state.jobs[published.publish_id].status = 5
    return ok()
