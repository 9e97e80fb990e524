"""What every resolver can reach for one request: settings, the viewer, loaders, shared clients."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from strawberry.litestar import BaseContext
from strawberry.types import Info as StrawberryInfo

from fabu.errors import FabuError
from fabu.identity.credentials import Credentials
from fabu.identity.platform_admins import PlatformAdmin
from fabu.identity.viewer import Viewer
from fabu.settings import Settings


class Context(BaseContext, kw_only=True):
    """One request's context. ``viewer`` (a unit's person) or ``platform_admin`` is filled in by the
    request transaction, not the getter; never both."""

    settings: Settings
    services: Any
    credentials: Credentials | None = None
    viewer: Viewer | None = None
    platform_admin: PlatformAdmin | None = None
    auth_error: FabuError | None = None
    connection_params: dict[str, Any] | None = None
    pending_audit: list[Any] = []  # noqa: RUF012 - msgspec copies mutable defaults per instance
    loader_cache: dict[str, Any] = {}  # noqa: RUF012 - msgspec copies mutable defaults per instance
    unit_scope_lock: asyncio.Lock = msgspec.field(default_factory=asyncio.Lock)
    """Held by platform resolvers while they scope the shared transaction to one unit, so that
    concurrently resolved fields never read under another field's unit."""


Info = StrawberryInfo[Context, None]
