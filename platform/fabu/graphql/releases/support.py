"""Small shared pieces of the releases GraphQL layer: node resolution, the object store, limits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

from fabu.errors import FabuError
from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.settings import Settings
from fabu.storage import TenantObjects
from graphql import GraphQLError

T = TypeVar("T")

DOWNLOAD_LINK_LIFETIME = timedelta(minutes=15)
"""How long a download link handed out in a response works."""

_REQUEST_ENVELOPE = 16 * 1024
"""Room left in a request for the GraphQL document and the other input fields besides a file."""


def upload_limit(settings: Settings) -> int:
    """The largest file accepted inline: what fits a request of ``max_request_bytes`` as base64.

    A larger file cannot arrive at all (the HTTP layer answers 413), so every file that does
    arrive is either accepted or refused with a clear TOO_LARGE error naming the field.
    """
    return (settings.max_request_bytes - _REQUEST_ENVELOPE) * 3 // 4


def tenant_objects(info: Info) -> TenantObjects:
    """The viewer's unit's share of the object store."""
    viewer = info.context.viewer
    assert viewer is not None
    return TenantObjects(info.context.services.store, viewer.tenant_id)


async def download_url(info: Info, sha256: str) -> str:
    """A short-lived link to the stored object with this SHA-256."""
    return await tenant_objects(info).presigned_url(TenantObjects.content_key(sha256), expires=DOWNLOAD_LINK_LIFETIME)


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


async def resolve_by_loader(
    info: Info, loader_class: type, node_ids: Iterable[str], build: Callable[[dict[str, Any]], T]
) -> list[T | None]:
    """``resolve_nodes`` through a by-id loader: a malformed or invisible id resolves to None."""
    ids = [_uuid_or_none(node_id) for node_id in node_ids]
    rows = await loader(info, loader_class).load_many([i for i in ids if i is not None])
    by_id = {row["id"]: row for row in rows if row is not None}
    return [build(by_id[i]) if i in by_id else None for i in ids]


def graphql_error(error: FabuError) -> GraphQLError:
    """A user error raised from a query field (mutations return them in their payload instead)."""
    return GraphQLError(error.message, extensions={"code": error.code, "field": error.field})
