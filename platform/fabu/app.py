"""The Litestar application: GraphQL at /graphql, health at /healthz, signed object downloads."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, get
from litestar.datastructures import State
from litestar.response import Response
from strawberry.litestar import make_graphql_controller

from fabu.errors import FabuError
from fabu.graphql.context import Context
from fabu.graphql.schema import build_schema
from fabu.health import check_health
from fabu.identity.credentials import Credentials, parse_authorization
from fabu.services import Services, start_services
from fabu.settings import Settings, get_settings
from fabu.web.channel_callbacks import channel_callback
from fabu.web.sites import site_handlers
from fabu.web.storage import download_object


@get("/healthz")
async def healthz(state: State) -> Response[dict[str, Any]]:
    """200 when the database, Redis and the object store all answer; 503 naming what is down."""
    report = await check_health(state.services)
    return Response(report, status_code=200 if report["status"] == "ok" else 503)


def _fabu_controller(controller: type[Any], settings: Settings) -> type[Any]:
    """Strawberry's controller, sending readable UTF-8 and authenticating WebSocket subscriptions."""

    class FabuGraphQLController(controller):  # type: ignore[misc]
        def encode_json(self, data: object) -> bytes:
            # Chinese as UTF-8 rather than \\uXXXX escapes: responses are up to half the size.
            return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

        async def on_ws_connect(self, context: Context) -> None:
            # Browsers cannot set headers on a WebSocket; they send the token in connection_init.
            authenticate_connection(context, settings)

    return FabuGraphQLController


def authenticate_connection(context: Context, settings: Settings) -> None:
    """Take ``Authorization`` from a subscription's connection parameters, if the upgrade had none."""
    params = context.connection_params or {}
    header = params.get("Authorization") or params.get("authorization")
    if context.credentials is not None or not isinstance(header, str):
        return
    try:
        context.credentials, context.auth_error = parse_authorization(header, settings), None
    except FabuError as error:
        context.auth_error = error


def create_app(settings: Settings | None = None, services: Services | None = None) -> Litestar:
    """The app; with ``services`` given it uses them (tests, embedded mode), otherwise it starts its own."""
    settings = settings or get_settings()
    # Outgoing request URLs can carry channel access tokens (WeChat puts them in the query string).
    logging.getLogger("httpx").setLevel(logging.WARNING)

    @asynccontextmanager
    async def own_services(app: Litestar) -> AsyncIterator[None]:
        app.state.services = await start_services(settings)
        app.state.object_store = app.state.services.store
        try:
            yield
        finally:
            await app.state.services.close()

    async def context_getter(request: Request[Any, Any, Any]) -> Context:
        credentials: Credentials | None = None
        auth_error: FabuError | None = None
        try:
            credentials = parse_authorization(request.headers.get("authorization"), settings)
        except FabuError as error:
            auth_error = error
        return Context(settings=settings, services=request.app.state.services, credentials=credentials, auth_error=auth_error)

    graphql = _fabu_controller(make_graphql_controller(
        build_schema(settings),
        path="/graphql",
        context_getter=context_getter,
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=False,
    ), settings)
    return Litestar(
        route_handlers=[graphql, healthz, download_object, *site_handlers, channel_callback],
        # Given services are shared with the caller (tests, `fabu dev`), who also closes them.
        lifespan=[] if services else [own_services],
        state=State({"services": services, "object_store": services.store} if services else {}),
        request_max_body_size=settings.max_request_bytes,
        debug=False,
    )
