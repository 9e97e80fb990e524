"""`fabu dev`: embedded PostgreSQL and Redis, migrations, optional demo unit, then API + worker."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from types import FrameType

import click

from fabu.db.migrate import migrate
from fabu.devstack import embedded_servers, ensure_database
from fabu.runner import serve
from fabu.services import app_database_url
from fabu.settings import Settings
from fabu.tenancy.demo import DEMO_CODE, DEMO_PASSWORD, PEOPLE, seed_demo_tenant


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Leave through the ``with`` blocks, so the embedded servers are stopped.

    The web server shuts down gracefully on SIGTERM and then raises the signal again; with the
    default handler the process would die there, leaving the embedded PostgreSQL running.
    """
    raise SystemExit(128 + signum)


def run_dev(data_dir: Path, host: str, port: int, demo: bool) -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    data_dir.mkdir(parents=True, exist_ok=True)
    click.echo(f"数据目录 / data directory: {data_dir}")
    with embedded_servers(data_dir) as (server_url, redis_url):
        owner_url = asyncio.run(ensure_database(server_url, "fabu"))
        settings = Settings(
            env=os.environ.get("FABU_ENV", "development"),
            data_dir=data_dir, host=host, port=port, database_url=owner_url, redis_url=redis_url,
        )
        asyncio.run(_prepare(settings, demo))
        _print_banner(settings, demo)
        asyncio.run(serve(settings, with_worker=True))
    click.echo("已停止 / stopped")


DEMO_PLATFORM_ADMIN = "platform"
DEMO_PLATFORM_PASSWORD = "fabu-platform-2026"
DEMO_CHANNEL_SECRETS = {"DEMO_WECHAT_APP_SECRET": "demo-wechat-app-secret"}
"""Stand-ins for the secrets the demo manifest references; a real value set in the environment wins."""


async def _prepare(settings: Settings, demo: bool) -> None:
    assert settings.database_url is not None
    await migrate(settings.database_url, settings.app_db_role, settings.app_db_password.get_secret_value())
    if demo:
        from fabu.db.engine import configure_engine

        # The engine still points at the owner (migrate configured it): only the owner creates platform admins.
        await seed_demo_platform_admin(settings)
        for name, value in DEMO_CHANNEL_SECRETS.items():
            os.environ.setdefault(name, value)
        configure_engine(app_database_url(settings))
        created = await seed_demo_tenant(settings)
        click.echo("示范单位已创建 / demo unit created" if created else "示范单位已存在 / demo unit already exists")


async def seed_demo_platform_admin(settings: Settings) -> bool:
    """Create the demo's platform administrator unless it exists; needs the engine on the owner's URL."""
    from fabu.db.session import platform_transaction
    from fabu.identity.platform_admins import ensure_platform_admin

    async with platform_transaction():
        return await ensure_platform_admin(settings, DEMO_PLATFORM_ADMIN, DEMO_PLATFORM_PASSWORD)


def _print_banner(settings: Settings, demo: bool) -> None:
    lines = [
        "",
        "Fabu 已启动 / Fabu is running",
        f"  GraphQL:   http://{settings.host}:{settings.port}/graphql",
        f"  健康检查 / health: http://{settings.host}:{settings.port}/healthz",
        f"  PostgreSQL (owner): {settings.database_url}",
        f"  Redis:     {settings.redis_url}",
        f"  对象存储 / objects: {settings.data_dir / 'objects'}",
    ]
    if demo:
        users = ", ".join(username for username, *_ in PEOPLE)
        lines += [
            f"  示范登录 / demo logins: unit code '{DEMO_CODE}', password '{DEMO_PASSWORD}', usernames: {users}",
            f"  平台管理员 / platform admin: '{DEMO_PLATFORM_ADMIN}', password '{DEMO_PLATFORM_PASSWORD}' (mutation platformLogin)",
        ]
    lines.append("  按 Ctrl-C 停止 / press Ctrl-C to stop")
    click.echo("\n".join(lines))
