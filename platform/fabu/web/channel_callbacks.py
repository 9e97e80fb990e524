"""``GET``/``POST /channels/{tenant_code}/{channel}/callback``: requests a channel pushes to Fabu.

A channel with the ``CALLBACK`` capability (WeChat's URL check and its ``PUBLISHJOBFINISH``
event, for instance) is configured with this URL for the unit. The route finds the unit by its code
(security-definer ``tenant_id_by_code``), decrypts the unit's config for the channel through the
installations service, hands the request to the plugin's ``callback`` as received, and answers
with what the plugin returns. The plugin verifies the request (signatures); this route has no
session authentication, since the channel cannot log in.

The status updates a callback carries (``CallbackResult.updates``) are appended to the ledger when
they change a publication's state (``fabu.publishing.followups``); a repeated push adds nothing.

Wiring (done by the application): register :func:`channel_callback` as a route handler.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from litestar import Request, route
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response

from fabu.channels.api import CallbackRequest, CallbackResult, Capability
from fabu.channels.cache import RedisCache
from fabu.channels.context import open_context
from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.publishing.calls import TenantMedia
from fabu.publishing.followups import record_status_change
from fabu.publishing.installations import channel_config
from fabu.publishing.plugins import key_ring, plugin
from fabu.services import Services
from fabu.storage import TenantObjects
from fabu.web.sites import tenant_id_for_code

__all__ = ["channel_callback"]

logger = logging.getLogger(__name__)

_HEADERS: Final = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def _not_found() -> NotFoundException:
    return NotFoundException(detail="回调地址不存在 / no such callback")


@route("/channels/{tenant_code:str}/{channel:str}/callback", http_method=["GET", "POST"], include_in_schema=False)
async def channel_callback(
    request: Request[Any, Any, Any], tenant_code: FromPath[str], channel: FromPath[str]
) -> Response[bytes]:
    """Hand the pushed request to the unit's ``channel`` plugin; 404 when the unit, plugin or installation is missing."""
    services: Services = request.app.state.services
    tenant_id = await tenant_id_for_code(tenant_code)
    if tenant_id is None:
        raise _not_found()
    try:
        found = plugin(channel)
        async with tenant_transaction(tenant_id):
            config = await channel_config(tenant_id, key_ring(services.settings), channel)
    except FabuError:  # no such plugin on this server, or the unit has not installed the channel
        raise _not_found() from None
    if Capability.CALLBACK not in found.capabilities:
        raise _not_found()
    pushed = CallbackRequest(
        method=request.method.upper(),
        query={key: values[0] for key, values in request.query_params.dict().items() if values},
        headers={name.lower(): value for name, value in request.headers.items()},
        body=await request.body(),
    )
    async with open_context(
        tenant_id=tenant_id, config=config, media=TenantMedia(TenantObjects(services.store, tenant_id)),
        channel=found.name, cache=RedisCache(services.redis),
    ) as ctx:
        result: CallbackResult = await found.callback(ctx, pushed)
    if result.updates:
        async with tenant_transaction(tenant_id):
            for update in result.updates:
                await record_status_change(tenant_id, found.name, update.external_ids, update.report, "callback")
    content_type = result.content_type
    if content_type.startswith("text/") and content_type.endswith("; charset=utf-8"):
        content_type = content_type.removesuffix("; charset=utf-8")  # Litestar adds it to text/* itself
    return Response(result.body, status_code=result.status_code, media_type=content_type, headers=_HEADERS)
