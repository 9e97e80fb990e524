"""A publish job's ``publish_status`` as a :class:`StatusReport`, shared by polling and the pushed event.

The documented values: 0 success, 1 publishing, 2 original-content check failed, 3 general
failure, 4 rejected by the platform's review, 5 every article deleted by the user after success,
6 every article banned by the platform after success.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from fabu.channels import PublicationState, StatusReport

__all__ = ["PublishJob", "report_for"]

_STATES: Final = {
    0: (PublicationState.PUBLISHED, "发布成功", "published"),
    1: (PublicationState.PENDING, "发布中", "publishing"),
    2: (PublicationState.FAILED, "原创声明审核不通过", "original-content check failed"),
    3: (PublicationState.FAILED, "发布失败（常规失败）", "publishing failed"),
    4: (PublicationState.FAILED, "平台审核不通过", "rejected by the platform's review"),
    5: (PublicationState.RETRACTED, "发布成功后已删除全部文章", "all articles deleted after publishing"),
    6: (
        PublicationState.FAILED,
        "发布成功后全部文章被平台封禁",
        "all articles banned by the platform after publishing",
    ),
}


@dataclass(frozen=True, slots=True)
class PublishJob:
    """What WeChat says about one publish job, from ``freepublish/get`` or ``PUBLISHJOBFINISH``."""

    publish_id: str
    """The job's id, from ``freepublish/submit``."""
    publish_status: int
    """The documented status code."""
    article_id: str = ""
    """The published article's id (status 0)."""
    article_urls: Sequence[str] = field(default=())
    """The permanent URLs of the job's articles, in order (status 0)."""
    fail_idx: Sequence[int] = field(default=())
    """The failing articles' numbers, first is 1 (status 2 and 4)."""


def report_for(job: PublishJob) -> StatusReport:
    """The job as a status report, with the channel's ids and URL when it has them."""
    state, zh, en = _STATES.get(
        job.publish_status,
        (PublicationState.UNKNOWN, "未知的发布状态", "unknown publish status"),
    )
    message = f"{zh} / {en} (publish_status={job.publish_status})"
    if job.fail_idx:
        message += f"; fail_idx={','.join(str(i) for i in job.fail_idx)}"
    ids = {"publish_id": job.publish_id}
    if job.article_id:
        ids["article_id"] = job.article_id
    url = job.article_urls[0] if job.article_urls else None
    return StatusReport(state=state, message=message, external_ids=ids, url=url)
