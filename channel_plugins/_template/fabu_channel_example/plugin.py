"""The Example notice board channel. Replace the HTTP calls with your channel's public API.

The Example API this template talks to (the fake in ``tests/conftest.py`` implements it)::

    POST /api/articles               {"release_id", "title", "content"} -> 201 {"id", "url", "status"}
    GET  /api/articles?release_id=ID -> {"items": [article, ...]}
    GET  /api/articles/ID            -> article, or 404
    errors                           -> {"errcode": int, "errmsg": str}; 401 bad token, 429 slow down

A board people tend by hand would also declare ``Capability.PROOF`` (``proof``: a photo proving a
notice was posted or removed) and ``Capability.UPKEEP`` (``upkeep``: the daily work and the
reminders standing now); see the guide's "Proofs and upkeep" and the bulletin plugin.
"""

from __future__ import annotations

import html
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
    Finding,
    MediaRule,
    OutcomeUnknownError,
    Preview,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    RateLimit,
    ReleaseSnapshot,
    RetryableChannelError,
    Secret,
    Severity,
    StatusReport,
    TerminalChannelError,
    check_limits,
    retry_after_seconds,
    transport_errors,
)

__all__ = ["ExampleChannel", "ExampleConfig"]


class ExampleConfig(ChannelConfig):
    """A tenant's settings for the Example notice board; shown as a form built from the JSON Schema."""

    base_url: HttpUrl = HttpUrl("https://board.example.gov.cn")
    """接口地址 / API base URL (configurable, so tests can point it at a fake)."""
    token: Secret
    """访问令牌 / Access token (a secret: encrypted at rest, never shown by the API)."""


Context = ChannelContext[ExampleConfig]


class ExampleChannel(ChannelPlugin[ExampleConfig]):
    """Publishes releases to the Example notice board."""

    name: ClassVar[str] = "example"
    display_name: ClassVar[Bilingual] = Bilingual(
        zh="示例公告栏", en="Example notice board"
    )
    capabilities: ClassVar[Capability] = Capability.PUBLISH | Capability.STATUS
    limits: ClassVar[ChannelLimits] = ChannelLimits(
        title_max=60,
        summary_max=200,
        body_max=50_000,
        media=(MediaRule(("image/*",), 5 * 1024 * 1024),),
        rate_limits=(RateLimit(10, 1.0),),
    )
    config_model = ExampleConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """The declared limits, plus the board's own rule: a category is recommended."""
        findings = check_limits(release, self.limits)
        if not release.category:
            message = Bilingual(zh="建议填写信息类别", en="A category is recommended")
            findings.append(
                Finding(
                    field="category",
                    code="category_missing",
                    message=message,
                    severity=Severity.WARNING,
                )
            )
        return findings

    def render(self, release: ReleaseSnapshot) -> Preview:
        """The article as the board shows it."""
        return Preview(
            html=f"<h1>{html.escape(release.title)}</h1>{release.body_html}",
            text=release.title,
        )

    async def publish(self, ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
        """Create the article once; the board takes no idempotency key."""
        payload = {
            "release_id": str(release.release_id),
            "title": release.title,
            "content": release.body_html,
        }
        article = await _request(
            ctx, "POST", "/api/articles", idempotent=False, json=payload
        )
        return PublishReceipt(
            state=PublicationState.PUBLISHED
            if article["status"] == "online"
            else PublicationState.PENDING,
            external_ids={"article_id": str(article["id"])},
            url=article.get("url"),
            raw={"id": article["id"], "status": article["status"]},
        )

    async def status(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """The article's state; without its id, search by release id (the reconciliation path)."""
        if "article_id" in ref.external_ids:
            path = f"/api/articles/{ref.external_ids['article_id']}"
            article = await _request(ctx, "GET", path, idempotent=True, missing_ok=True)
            articles = [article] if article is not None else []
        else:
            found = await _request(
                ctx,
                "GET",
                "/api/articles",
                idempotent=True,
                params={"release_id": str(ref.release_id)},
            )
            articles = found["items"]
        if not articles:
            return StatusReport(state=PublicationState.NOT_FOUND)
        if len(articles) > 1:
            return StatusReport(
                state=PublicationState.UNKNOWN, message="重复文章 / duplicate articles"
            )
        article = articles[0]
        states = {
            "online": PublicationState.PUBLISHED,
            "review": PublicationState.PENDING,
        }
        return StatusReport(
            state=states.get(article["status"], PublicationState.UNKNOWN),
            external_ids={"article_id": str(article["id"])},
            url=article.get("url"),
        )


async def _request(
    ctx: Context,
    method: str,
    path: str,
    *,
    idempotent: bool,
    missing_ok: bool = False,
    **kwargs: Any,
) -> Any:
    """One API call's JSON answer (``None`` for a 404 when ``missing_ok``); failures become SDK errors."""
    url = str(ctx.config.base_url).rstrip("/") + path
    headers = {"Authorization": f"Bearer {ctx.config.token.get_secret_value()}"}
    with transport_errors(idempotent=idempotent):
        response = await ctx.http.request(method, url, headers=headers, **kwargs)
    if response.is_success:
        return response.json()
    if missing_ok and response.status_code == httpx.codes.NOT_FOUND:
        return None
    code, message = _error(response)
    if response.status_code == httpx.codes.UNAUTHORIZED:
        raise AuthExpiredError(f"{code}: {message}")
    if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
        raise RetryableChannelError(
            message, retry_after=retry_after_seconds(response, ctx.clock())
        )
    if response.is_client_error:
        raise TerminalChannelError(code, message)
    if idempotent:
        raise RetryableChannelError(f"HTTP {response.status_code}: {message}")
    raise OutcomeUnknownError(f"HTTP {response.status_code}: {message}")


def _error(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
        return str(body["errcode"]), str(body["errmsg"])
    except (ValueError, KeyError, TypeError):
        return f"http_{response.status_code}", response.text[:200]
