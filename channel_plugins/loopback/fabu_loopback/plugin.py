"""The loopback channel: publishes to :mod:`fabu_loopback.server` through the public SDK only."""

from __future__ import annotations

import hashlib
import html
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx
from pydantic import HttpUrl

from fabu.channels import (
    AuthExpiredError,
    Bilingual,
    Capability,
    ChannelConfig,
    ChannelContext,
    ChannelLimits,
    ChannelPlugin,
    FeedbackItem,
    Finding,
    MediaRule,
    Metrics,
    OutcomeUnknownError,
    Preview,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    RateLimit,
    ReleaseSnapshot,
    RetryableChannelError,
    Secret,
    StatusReport,
    TerminalChannelError,
    check_limits,
    retry_after_seconds,
    transport_errors,
)

__all__ = ["LoopbackChannel", "LoopbackConfig"]

_MIB = 1024 * 1024
_STATES = {
    "published": PublicationState.PUBLISHED,
    "pending": PublicationState.PENDING,
    "rejected": PublicationState.FAILED,
    "retracted": PublicationState.RETRACTED,
}


class LoopbackConfig(ChannelConfig):
    """Settings of the loopback channel for one tenant."""

    base_url: HttpUrl = HttpUrl("http://127.0.0.1:8765")
    """服务地址 / Address of the loopback service."""
    api_key: Secret
    """API 密钥 / The service's API key."""


Context = ChannelContext[LoopbackConfig]


class LoopbackChannel(ChannelPlugin[LoopbackConfig]):
    """A channel on a local HTTP service, for tests, demos and the pipeline's fault drills."""

    name: ClassVar[str] = "loopback"
    display_name: ClassVar[Bilingual] = Bilingual(
        zh="回环测试渠道", en="Loopback test channel"
    )
    capabilities: ClassVar[Capability] = (
        Capability.PUBLISH
        | Capability.UPDATE
        | Capability.RETRACT
        | Capability.STATUS
        | Capability.METRICS
        | Capability.FEEDBACK
    )
    limits: ClassVar[ChannelLimits] = ChannelLimits(
        title_max=64,
        summary_max=120,
        body_max=20_000,
        attachments_max=9,
        media=(
            MediaRule(("image/png", "image/jpeg", "image/gif"), 2 * _MIB),
            MediaRule(("application/pdf",), 10 * _MIB),
        ),
        rate_limits=(RateLimit(100, 1.0), RateLimit(20_000, 86_400.0, Capability.PUBLISH)),
    )
    config_model = LoopbackConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """The declared limits, and a body is required."""
        findings = check_limits(release, self.limits)
        if not release.body_text.strip():
            message = Bilingual(zh="正文不能为空", en="Body is required")
            findings.append(
                Finding(field="body", code="body_required", message=message)
            )
        return findings

    def render(self, release: ReleaseSnapshot) -> Preview:
        """The post as the service's public page shows it, and a one-line text."""
        portal = release.links.get("portal")
        more = (
            f'<p><a href="{html.escape(portal)}">原文 / Original</a></p>'
            if portal
            else ""
        )
        page = f"<h1>{html.escape(release.title)}</h1><p>{html.escape(release.summary)}</p>{release.body_html}{more}"
        text = " ".join(
            part for part in (release.title, release.summary, portal or "") if part
        )
        return Preview(html=page, text=text)

    async def publish(self, ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
        """Upload the attachments, then create the post (once: the service takes no idempotency key)."""
        media_ids = await self._upload_all(ctx, release)
        response = await _call(
            ctx,
            "POST",
            "/v1/posts",
            idempotent=False,
            json=_payload(release, media_ids),
        )
        post = response.json()
        ctx.logger.info(
            "loopback: release %s published as %s", release.release_id, post["id"]
        )
        return _receipt(post)

    async def update(
        self, ctx: Context, release: ReleaseSnapshot, ref: PublicationRef
    ) -> PublishReceipt:
        """Replace the post's content (a PUT, so safe to repeat)."""
        post_id = await _post_id(ctx, ref)
        media_ids = await self._upload_all(ctx, release)
        response = await _call(
            ctx,
            "PUT",
            f"/v1/posts/{post_id}",
            idempotent=True,
            json=_payload(release, media_ids),
        )
        return _receipt(response.json())

    async def retract(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Delete the post (safe to repeat)."""
        post_id = await _post_id(ctx, ref)
        return _report(
            (await _call(ctx, "DELETE", f"/v1/posts/{post_id}", idempotent=True)).json()
        )

    async def status(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """The post's state, by id or, without one, by searching for the release id."""
        post_id = ref.external_ids.get("post_id")
        if post_id is not None:
            response = await _call(
                ctx,
                "GET",
                f"/v1/posts/{post_id}",
                idempotent=True,
                allow_not_found=True,
            )
            if response.status_code == httpx.codes.NOT_FOUND:
                return StatusReport(
                    state=PublicationState.NOT_FOUND,
                    message="稿件不存在 / no such post",
                )
            return _report(response.json())
        posts = await _find(ctx, ref)
        if not posts:
            return StatusReport(state=PublicationState.NOT_FOUND)
        if len(posts) > 1:
            ids = ", ".join(post["id"] for post in posts)
            return StatusReport(
                state=PublicationState.UNKNOWN,
                message=f"重复稿件 / duplicate posts: {ids}",
            )
        return _report(posts[0])

    async def metrics(self, ctx: Context, ref: PublicationRef) -> Metrics:
        """The post's counters."""
        post_id = await _post_id(ctx, ref)
        data = (
            await _call(ctx, "GET", f"/v1/posts/{post_id}/metrics", idempotent=True)
        ).json()
        return Metrics(
            measured_at=datetime.fromisoformat(data["measured_at"]),
            views=data["views"],
            likes=data["likes"],
            shares=data["shares"],
            comments=data["comments"],
        )

    async def feedback(
        self, ctx: Context, ref: PublicationRef, since: datetime | None = None
    ) -> list[FeedbackItem]:
        """Readers' comments after ``since``, oldest first."""
        post_id = await _post_id(ctx, ref)
        params = {"since": since.astimezone(UTC).isoformat()} if since else {}
        response = await _call(
            ctx, "GET", f"/v1/posts/{post_id}/comments", idempotent=True, params=params
        )
        items = [
            FeedbackItem(
                external_id=item["id"],
                author=item["author"],
                text=item["text"],
                created_at=datetime.fromisoformat(item["created_at"]),
            )
            for item in response.json()["items"]
        ]
        return sorted(items, key=lambda item: item.created_at)

    async def _upload_all(self, ctx: Context, release: ReleaseSnapshot) -> list[str]:
        # Uploading media publishes nothing, so a failure here is safe to retry (idempotent=True).
        media_ids = []
        for attachment in release.attachments:
            data = await ctx.media.read(attachment.key)
            if hashlib.sha256(data).hexdigest() != attachment.sha256:
                raise TerminalChannelError(
                    "attachment_changed",
                    f"附件 {attachment.name} 与审批版本不一致 / attachment differs from approval",
                )
            headers = {"Content-Type": attachment.content_type}
            response = await _call(
                ctx, "POST", "/v1/media", idempotent=True, content=data, headers=headers
            )
            media_ids.append(response.json()["media_id"])
        return media_ids


async def _call(
    ctx: Context,
    method: str,
    path: str,
    *,
    idempotent: bool,
    allow_not_found: bool = False,
    **kwargs: Any,
) -> httpx.Response:
    """One request to the service, every failure mapped onto the SDK's error taxonomy."""
    url = str(ctx.config.base_url).rstrip("/") + path
    headers = {
        "Authorization": f"Bearer {ctx.config.api_key.get_secret_value()}",
        **kwargs.pop("headers", {}),
    }
    with transport_errors(idempotent=idempotent):
        response = await ctx.http.request(method, url, headers=headers, **kwargs)
    status = response.status_code
    if status < 400 or (allow_not_found and status == httpx.codes.NOT_FOUND):
        return response
    error = _error_body(response)
    if status in (401, 403):
        raise AuthExpiredError(f"{error['code']}: {error['message']}")
    if status in (429, 503):
        raise RetryableChannelError(
            error["message"], retry_after=retry_after_seconds(response, ctx.clock())
        )
    if status < 500:
        raise TerminalChannelError(error["code"], error["message"])
    if idempotent:
        raise RetryableChannelError(f"HTTP {status}: {error['message']}")
    raise OutcomeUnknownError(
        f"HTTP {status} 之后结果未知 / outcome unknown after HTTP {status}: {error['message']}"
    )


def _error_body(response: httpx.Response) -> dict[str, str]:
    try:
        data = response.json()
        return {"code": str(data["code"]), "message": str(data["message"])}
    except (ValueError, KeyError, TypeError):
        return {"code": f"http_{response.status_code}", "message": response.text[:200]}


async def _find(ctx: Context, ref: PublicationRef) -> list[dict[str, Any]]:
    params = {"release_id": str(ref.release_id)}
    items: list[dict[str, Any]] = (
        await _call(ctx, "GET", "/v1/posts", idempotent=True, params=params)
    ).json()["items"]
    return items


async def _post_id(ctx: Context, ref: PublicationRef) -> str:
    """The post's id from the reference, or found by release id when the reference has none."""
    if "post_id" in ref.external_ids:
        return ref.external_ids["post_id"]
    posts = await _find(ctx, ref)
    if len(posts) != 1:
        raise TerminalChannelError(
            "not_found",
            f"找不到唯一的稿件（{len(posts)} 篇） / no single post for the release ({len(posts)})",
        )
    post_id: str = posts[0]["id"]
    return post_id


def _payload(release: ReleaseSnapshot, media_ids: list[str]) -> dict[str, Any]:
    return {
        "release_id": str(release.release_id),
        "title": release.title,
        "summary": release.summary,
        "body_html": release.body_html,
        "media_ids": media_ids,
    }


def _receipt(post: dict[str, Any]) -> PublishReceipt:
    state = _STATES.get(post["state"], PublicationState.UNKNOWN)
    if state not in (PublicationState.PUBLISHED, PublicationState.PENDING):
        raise TerminalChannelError(
            post["state"], post.get("review_message") or "稿件不可用 / post not live"
        )
    return PublishReceipt(
        state=state,
        external_ids={"post_id": post["id"]},
        url=post["url"],
        published_at=datetime.fromisoformat(post["created_at"])
        if state is PublicationState.PUBLISHED
        else None,
        raw={
            "id": post["id"],
            "state": post["state"],
            "updated_at": post["updated_at"],
        },
    )


def _report(post: dict[str, Any]) -> StatusReport:
    return StatusReport(
        state=_STATES.get(post["state"], PublicationState.UNKNOWN),
        message=post.get("review_message", ""),
        external_ids={"post_id": post["id"]},
        url=post["url"],
    )
