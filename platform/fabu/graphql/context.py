"""What every resolver can reach for one request: settings, the viewer, loaders, shared clients."""

from __future__ import annotations

from typing import Any

from strawberry.litestar import BaseContext
from strawberry.types import Info as StrawberryInfo

from fabu.errors import FabuError
from fabu.identity.credentials import Credentials
from fabu.identity.viewer import Viewer
from fabu.settings import Settings


class Context(BaseContext, kw_only=True):
    """One request's context. ``viewer`` is filled in by the request transaction, not the getter."""

    settings: Settings
    services: Any
    credentials: Credentials | None = None
    viewer: Viewer | None = None
    auth_error: FabuError | None = None
    connection_params: dict[str, Any] | None = None
    pending_audit: list[Any] = []  # noqa: RUF012 - msgspec copies mutable defaults per instance
    loader_cache: dict[str, Any] = {}  # noqa: RUF012 - msgspec copies mutable defaults per instance


Info = StrawberryInfo[Context, None]
