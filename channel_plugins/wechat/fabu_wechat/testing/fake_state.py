"""The fake WeChat's data: tokens, uploads, drafts, publish jobs, articles, comments and statistics."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

Json = dict[str, Any]
BEIJING = timezone(timedelta(hours=8))


@dataclass
class Token:
    family: str  # "stable" or "classic": the two are isolated from each other
    expires_at: float
    revoked: bool = False


@dataclass
class Job:
    publish_id: str
    msg_data_id: str
    article: Json
    submitted_on: date
    final_status: int
    polls_left: int
    status: int = 1
    article_id: str = ""
    fail_idx: list[int] = field(default_factory=list)


@dataclass
class Published:
    article_id: str
    publish_id: str
    msg_data_id: str
    article: Json
    url: str
    update_time: int
    is_deleted: bool = False


@dataclass
class Fault:
    path: str
    kind: str  # "errcode" or "stall"
    remaining: int
    errcode: int = 0
    delay: float = 0.0


@dataclass
class State:
    app_id: str
    app_secret: str
    clock: Callable[[], datetime]
    lock: threading.RLock = field(default_factory=threading.RLock)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100000001))
    token_lifetime: int = 7200
    tokens: dict[str, Token] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    token_fetches: int = 0
    force_refreshes: list[float] = field(default_factory=list)
    calls: list[tuple[str, Json]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    quota: dict[str, int] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    materials: dict[str, bytes] = field(default_factory=dict)
    drafts: dict[str, Json] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    articles: dict[str, Published] = field(default_factory=dict)
    comments: dict[str, list[Json]] = field(default_factory=dict)
    reads: dict[tuple[str, date], Json] = field(default_factory=dict)
    job_outcome: int = 0
    job_fail_idx: list[int] = field(default_factory=lambda: [1])
    publish_polls: int = 1
    """How many freepublish/get polls of a new job answer "publishing" before its outcome."""

    def now(self) -> float:
        return self.clock().timestamp()

    def today(self) -> date:
        return self.clock().astimezone(BEIJING).date()

    def next_id(self, prefix: str = "") -> str:
        return f"{prefix}{next(self.ids)}"

    def finish(self, job: Job) -> None:
        """End a job with its configured outcome; a success creates the article."""
        job.status = job.final_status
        job.polls_left = 0
        if job.status == 0 and not job.article_id:
            job.article_id = self.next_id("art-")
            self.articles[job.article_id] = Published(
                article_id=job.article_id,
                publish_id=job.publish_id,
                msg_data_id=job.msg_data_id,
                article=job.article,
                url=f"https://mp.weixin.qq.com/s/{job.article_id}",
                update_time=int(self.now()),
            )
        elif job.status in (2, 4):
            job.fail_idx = list(self.job_fail_idx)

    def article_of(self, msg_data_id: str) -> Published | None:
        return next((a for a in self.articles.values() if a.msg_data_id == msg_data_id), None)
