"""What ``fabu platform-admins ...`` runs: the platform-admin services as the owner (FABU_DATABASE_URL)."""

from __future__ import annotations

from uuid import UUID

from fabu.db.engine import configure_engine
from fabu.db.session import platform_transaction
from fabu.identity.platform_admins import create_platform_admin, set_platform_admin_disabled
from fabu.settings import Settings


async def run_create(settings: Settings, username: str, password: str) -> UUID:
    assert settings.database_url is not None
    configure_engine(settings.database_url)
    async with platform_transaction():
        return await create_platform_admin(settings, username, password)


async def run_set_disabled(settings: Settings, username: str, disabled: bool) -> None:
    assert settings.database_url is not None
    configure_engine(settings.database_url)
    async with platform_transaction():
        await set_platform_admin_disabled(username, disabled)
