"""In production, unexpected errors are masked and there is no GraphiQL; user errors stay readable."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from httpx import ASGITransport, AsyncClient
from strawberry.extensions import MaskErrors

from fabu.app import create_app
from fabu.graphql.schema import _is_unexpected, extension_factories
from fabu.services import Services
from fabu.settings import Environment, Settings
from graphql import GraphQLError


@pytest_asyncio.fixture
async def production(settings: Settings, services: Services) -> AsyncIterator[AsyncClient]:
    production_settings = settings.model_copy(update={"env": Environment.PRODUCTION})
    async with AsyncClient(transport=ASGITransport(app=create_app(production_settings, services)), base_url="http://p") as http:
        yield http


async def test_production_serves_no_graphiql(production: AsyncClient, client: AsyncClient) -> None:
    ide = {"Accept": "text/html"}
    assert "graphiql" in (await client.get("/graphql", headers=ide)).text.lower()
    response = await production.get("/graphql", headers=ide)
    assert "graphiql" not in response.text.lower()


def test_production_masks_errors_without_a_code_and_keeps_coded_ones(settings: Settings) -> None:
    production = [make() for make in extension_factories(settings.model_copy(update={"env": Environment.PRODUCTION}))]
    development = [make() for make in extension_factories(settings)]
    unexpected = GraphQLError("connection reset by peer", original_error=RuntimeError("boom"))
    coded = GraphQLError("访问令牌无效 / the access token is invalid", extensions={"code": "TOKEN_INVALID"})

    assert any(isinstance(e, MaskErrors) for e in production)
    assert not any(isinstance(e, MaskErrors) for e in development)
    assert _is_unexpected(unexpected) is True
    assert _is_unexpected(coded) is False
