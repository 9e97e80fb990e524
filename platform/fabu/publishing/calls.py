"""The plugin calls of a delivery, made outside any database transaction, each turned into a :class:`CallResult`.

``publish``, ``update`` and ``retract`` separate "certainly had no effect" (retryable) from "maybe"
(unknown); any exception outside the taxonomy counts as unknown, because nobody can know what
happened. ``status`` reconciles an unknown outcome: for a publish it finds the publication by
release id, title and time; for an update or retraction it asks about the known publication.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx
from pydantic import JsonValue

from fabu.channels.api import (
    AuthExpiredError,
    Capability,
    ChannelCache,
    ChannelConfig,
    ChannelPlugin,
    Clock,
    OutcomeUnknownError,
    PublicationRef,
    PublicationState,
    ReleaseSnapshot,
    RetryableChannelError,
    StatusReport,
    TerminalChannelError,
)
from fabu.channels.cache import RedisCache
from fabu.channels.context import DEFAULT_TIMEOUT, open_context, utc_now
from fabu.publishing.actions import Action
from fabu.services import Services
from fabu.settings import Settings
from fabu.storage import ObjectNotFound, ObjectStore, TenantObjects

logger = logging.getLogger(__name__)


class TenantMedia:
    """A :class:`~fabu.channels.api.MediaReader` over one unit's objects."""

    def __init__(self, objects: TenantObjects) -> None:
        self._objects = objects

    async def read(self, key: str) -> bytes:
        """The object's bytes; ``KeyError`` when there is none, as the contract says."""
        try:
            return await self._objects.get(key)
        except ObjectNotFound:
            raise KeyError(key) from None


@dataclass(frozen=True)
class Channels:
    """What a delivery needs besides the database: the object store, the shared cache, HTTP settings."""

    store: ObjectStore
    cache: ChannelCache | None = None
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    transport: httpx.AsyncBaseTransport | None = None
    clock: Clock = utc_now


def channel_timeout(settings: Settings) -> httpx.Timeout:
    """The HTTP timeouts of channel calls: ``FABU_CHANNEL_TIMEOUT_SECONDS`` to send and to read, connecting at most 5 s."""
    seconds = settings.channel_timeout_seconds
    return httpx.Timeout(seconds, connect=min(seconds, 5.0), pool=min(seconds, 5.0))


def channels_of(services: Services, **overrides: Any) -> Channels:
    """The delivery environment of a process: its object store, its Redis as the plugins' shared cache, its timeouts."""
    return Channels(
        store=services.store,
        cache=RedisCache(services.redis),
        **{"timeout": channel_timeout(services.settings), **overrides},
    )


@dataclass(frozen=True)
class CallResult:
    """One call's outcome, in the attempt's vocabulary (``outcome`` is a ``publication_attempts.outcome``)."""

    outcome: str
    code: str | None = None
    message: str | None = None
    external_ids: Mapping[str, str] = field(default_factory=dict)
    url: str | None = None
    published_at: datetime | None = None
    raw: Mapping[str, JsonValue] = field(default_factory=dict)
    retry_after: float | None = None
    """Seconds the channel asked to wait, for a retryable outcome."""


async def call_action(
    channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID, action: Action,
    release: ReleaseSnapshot, ref: PublicationRef | None = None,
) -> CallResult:
    """``publish``, ``update`` (of ``ref``) or ``retract`` (of ``ref``), once."""
    try:
        async with channel_context(channels, plugin, config, tenant_id) as ctx:
            if action is Action.RETRACT:
                assert ref is not None
                report = await plugin.retract(ctx, ref)
            elif action is Action.UPDATE:
                assert ref is not None
                receipt = await plugin.update(ctx, release, ref)
            else:
                receipt = await plugin.publish(ctx, release)
    except RetryableChannelError as error:
        return CallResult("retryable", message=error.message, retry_after=error.retry_after)
    except TerminalChannelError as error:
        return CallResult("terminal", code=error.code, message=error.message)
    except AuthExpiredError as error:
        return CallResult("auth_expired", message=error.message)
    except OutcomeUnknownError as error:
        return CallResult("unknown", message=error.message)
    except Exception as error:
        logger.exception("channel %s: %s raised outside the error taxonomy", plugin.name, action.value)
        return CallResult("unknown", message=f"{type(error).__name__}: {error}")
    if action is Action.RETRACT:
        return _retracted(report, ref)
    return CallResult(
        receipt.state.value, external_ids=receipt.external_ids, url=receipt.url,
        published_at=receipt.published_at, raw=receipt.raw,
    )


async def call_publish(
    channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID, release: ReleaseSnapshot
) -> CallResult:
    """``publish``, once."""
    return await call_action(channels, plugin, config, tenant_id, Action.PUBLISH, release)


def _retracted(report: StatusReport, ref: PublicationRef | None) -> CallResult:
    """A retraction's report: ``retracted``, ``pending`` (the channel is taking it down), else a person must look."""
    ids = dict(report.external_ids) or (dict(ref.external_ids) if ref else {})
    url = report.url or (ref.url if ref else None)
    if report.state in (PublicationState.RETRACTED, PublicationState.NOT_FOUND):
        return CallResult("retracted", message=report.message or None, external_ids=ids, url=url)
    if report.state is PublicationState.PENDING:
        return CallResult("pending", message=report.message or None, external_ids=ids, url=url)
    return CallResult("flagged", message=report.message or f"撤回后状态为 {report.state.value} / state after retraction: {report.state.value}")


async def call_status(
    channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID,
    release: ReleaseSnapshot, attempted_at: datetime, action: Action = Action.PUBLISH, ref: PublicationRef | None = None,
) -> CallResult:
    """Reconcile an unknown outcome through ``status``: ``published``/``pending``, ``not_found``,
    ``failed``, ``flagged`` (a person must look), ``retryable`` (ask again later) or ``auth_expired``.

    An unknown update or retraction is about a known publication (``ref``): still up means the call
    is made again (``still_up``; neither can make a second publication), gone means a retraction is
    done and an update has nothing left to update (``flagged``).
    """
    if Capability.STATUS not in plugin.capabilities:
        return CallResult(
            "flagged", message="渠道不支持状态查询，结果未知，请人工核实 / the channel cannot report status; a person must check"
        )
    asked = ref if ref is not None else PublicationRef.for_release(release, attempted_at)
    report = await read_status(channels, plugin, config, tenant_id, asked)
    if isinstance(report, CallResult):
        return report
    if action is not Action.PUBLISH:
        return _settled_change(action, report)
    outcome = {
        PublicationState.PUBLISHED: "published",
        PublicationState.PENDING: "pending",
        PublicationState.NOT_FOUND: "not_found",
        PublicationState.FAILED: "failed",
    }.get(report.state, "flagged")
    return CallResult(outcome, message=report.message or None, external_ids=report.external_ids, url=report.url)


def _settled_change(action: Action, report: StatusReport) -> CallResult:
    up = report.state in (PublicationState.PUBLISHED, PublicationState.PENDING)
    gone = report.state in (PublicationState.RETRACTED, PublicationState.NOT_FOUND, PublicationState.FAILED)
    if up:
        return CallResult("still_up", message=f"渠道上仍为 {report.state.value}，将再次{'撤回' if action is Action.RETRACT else '更正'} / "
                          f"still {report.state.value} on the channel; {action.value} again")
    if gone and action is Action.RETRACT:
        return CallResult("retracted", message=report.message or None, external_ids=report.external_ids, url=report.url)
    return CallResult("flagged", message=f"渠道上的状态为 {report.state.value}，请人工核实 / the channel says {report.state.value}; a person must check")


async def read_status(
    channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID, ref: PublicationRef
) -> StatusReport | CallResult:
    """Where a known publication stands, or why the channel did not say (``retryable`` or ``auth_expired``)."""
    try:
        async with channel_context(channels, plugin, config, tenant_id) as ctx:
            return await plugin.status(ctx, ref)
    except AuthExpiredError as error:
        return CallResult("auth_expired", message=error.message)
    except Exception as error:  # a failed read is safe to repeat, whatever it was
        return CallResult("retryable", message=f"{type(error).__name__}: {error}")


def channel_context(channels: Channels, plugin: ChannelPlugin[Any], config: ChannelConfig, tenant_id: UUID) -> Any:
    """The context of one plugin call for one unit: its config, its media, the shared cache and HTTP settings."""
    return open_context(
        tenant_id=tenant_id, config=config, media=TenantMedia(TenantObjects(channels.store, tenant_id)),
        channel=plugin.name, clock=channels.clock, timeout=channels.timeout, transport=channels.transport,
        cache=channels.cache,
    )
