"""``GET /sites/{tenant_code}/{path}``: the development route serving a unit's portal pages.

The portal plugin writes the unit's site to the store its config names (a local directory in
development); this route reads the pages back through the plugin's own ``serve``, so what a
browser sees here is what a static host would serve. The unit is found by its code with the
security-definer ``tenant_id_by_code`` (no unit is selected before that), its portal config is
decrypted by the installations service, and the plugin is loaded through the plugin registry
when first needed: the core never imports the portal plugin at import time.

Wiring (done by the application): register :data:`site_handlers` as route handlers.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, Final
from urllib.parse import quote
from uuid import UUID

from litestar import Request, get
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.params import FromPath
from litestar.response import Redirect, Response

from fabu.channels.registry import UnknownChannelError, load_plugin
from fabu.channels.sitestore import SiteStore, SiteStoreError, StorageSettings, site_store
from fabu.db.engine import DB
from fabu.db.session import platform_transaction, tenant_transaction
from fabu.errors import FabuError
from fabu.publishing.installations import channel_config
from fabu.publishing.outbox import PORTAL
from fabu.publishing.plugins import key_ring
from fabu.services import Services

__all__ = ["site_handlers", "site_page", "site_root", "tenant_id_for_code"]

# The pages are the plugin's static HTML: no scripts from anywhere but the site, images inline or local.
SITE_HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:",
}

Serve = Callable[[SiteStore, str], Awaitable[tuple[bytes, str] | None]]


@cache
def _portal_serve() -> Serve:
    """The portal plugin package's ``serve``, found through the registry on first use (failures are not cached)."""
    plugin = load_plugin(PORTAL)
    package = importlib.import_module(type(plugin).__module__.partition(".")[0])
    serve: Serve = package.serve
    return serve


def _not_found() -> NotFoundException:
    return NotFoundException(detail="页面不存在 / page not found")


async def tenant_id_for_code(tenant_code: str) -> UUID | None:
    """The unit named by its code, or by its id (the portal's default public address uses the id)."""
    try:
        candidate = UUID(tenant_code)
    except ValueError:
        async with platform_transaction():
            row = await DB.fetchrow("select tenant_id_by_code($1) as id", tenant_code)
        tenant_id: UUID | None = row["id"] if row else None
        return tenant_id
    async with tenant_transaction(candidate):
        found = await DB.fetchrow("select id from tenants")
    return candidate if found else None


async def _store(services: Services, tenant_code: str) -> SiteStore:
    """The unit's portal store, or 404 when the unit or its portal installation does not exist."""
    tenant_id = await tenant_id_for_code(tenant_code)
    if tenant_id is None:
        raise _not_found()
    try:
        async with tenant_transaction(tenant_id):
            config = await channel_config(tenant_id, key_ring(services.settings), PORTAL)
    except FabuError:  # not installed here, or the plugin is missing from this server
        raise _not_found() from None
    if not isinstance(config, StorageSettings):
        raise _not_found()
    return site_store(config, tenant_id)


def _ends_in_slash(request: Request[Any, Any, Any]) -> bool:
    """Whether the URL as sent ends in ``/`` (Litestar's routing drops a final slash from the path)."""
    raw = request.scope.get("raw_path") or request.scope["path"].encode()
    return bytes(raw).endswith(b"/")


async def _page(request: Request[Any, Any, Any], tenant_code: str, path: str) -> Response[bytes]:
    try:
        serve = _portal_serve()
    except UnknownChannelError:
        raise _not_found() from None
    store = await _store(request.app.state.services, tenant_code)
    try:
        found = await serve(store, path)
    except SiteStoreError as error:  # its detail names directories or endpoints: for the log only
        raise ServiceUnavailableException(detail="网站存储暂不可用 / site storage unavailable") from error
    if found is None:
        raise _not_found()
    content, content_type = found
    if content_type.startswith("text/") and content_type.endswith("; charset=utf-8"):
        content_type = content_type.removesuffix("; charset=utf-8")  # Litestar adds it to text/* itself
    return Response(content, media_type=content_type, headers=SITE_HEADERS)


@get("/sites/{tenant_code:str}", include_in_schema=False)
async def site_root(request: Request[Any, Any, Any], tenant_code: FromPath[str]) -> Response[bytes] | Redirect:
    """The home page at ``/sites/<code>/``; without the final slash, a redirect there (relative links resolve)."""
    if _ends_in_slash(request):
        return await _page(request, tenant_code, "")
    return Redirect(f"/sites/{quote(tenant_code, safe='')}/", headers={"X-Content-Type-Options": "nosniff"})


@get("/sites/{tenant_code:str}/{path:path}", include_in_schema=False)
async def site_page(request: Request[Any, Any, Any], tenant_code: FromPath[str], path: FromPath[str]) -> Response[bytes]:
    """The file at ``path`` of the unit's portal site (``index.html`` for a folder), or 404."""
    if _ends_in_slash(request) and not path.endswith("/"):
        path += "/"
    return await _page(request, tenant_code, path)


site_handlers: Final = (site_root, site_page)
"""The route handlers to register with the application."""
