"""GET /healthz answers 200 only when every backing service answers, and names the one that is down."""

from __future__ import annotations

import dataclasses

from httpx import ASGITransport, AsyncClient
from redis.asyncio import Redis

from fabu.app import create_app
from fabu.devstack import free_port
from fabu.services import Services
from fabu.settings import Settings


async def test_healthz_is_ok_when_database_redis_and_store_answer(client: AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "object_store": "ok"}}


async def test_healthz_names_redis_when_it_is_down(settings: Settings, services: Services) -> None:
    dead_redis = Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.5)
    broken = dataclasses.replace(services, redis=dead_redis)
    async with AsyncClient(transport=ASGITransport(app=create_app(settings, broken)), base_url="http://t") as http:
        response = await http.get("/healthz")
    await dead_redis.aclose()

    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["redis"].startswith("down")
    assert body["checks"]["database"] == "ok"
