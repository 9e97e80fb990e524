"""A fake of the Example notice board's public API, for an httpx.MockTransport."""

from __future__ import annotations

from itertools import count
from typing import Any

import httpx

TOKEN = "test-token"


class FakeExampleApi:
    """An in-memory Example notice board that follows its public API; set ``fail_next`` to inject errors."""

    def __init__(self) -> None:
        self.articles: dict[str, dict[str, Any]] = {}
        self.fail_next: httpx.Response | Exception | None = None
        self._ids = count(1)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return httpx.Response(
                401, json={"errcode": 40001, "errmsg": "invalid token"}
            )
        if self.fail_next is not None:
            failure, self.fail_next = self.fail_next, None
            if isinstance(failure, Exception):
                raise failure
            return failure
        if request.method == "POST":
            return self._create(request)
        article_id = request.url.path.removeprefix("/api/articles").strip("/")
        if article_id:
            article = self.articles.get(article_id)
            return (
                httpx.Response(200, json=article)
                if article
                else httpx.Response(404, json={"errcode": 404, "errmsg": "no"})
            )
        wanted = request.url.params.get("release_id")
        return httpx.Response(
            200,
            json={
                "items": [
                    a for a in self.articles.values() if a["release_id"] == wanted
                ]
            },
        )

    def _create(self, request: httpx.Request) -> httpx.Response:
        body = httpx.Response(200, content=request.content).json()
        article_id = str(next(self._ids))
        article = {
            "id": article_id,
            "release_id": body["release_id"],
            "status": "online",
            "url": f"https://board.example.gov.cn/a/{article_id}",
        }
        self.articles[article_id] = article
        return httpx.Response(201, json=article)
