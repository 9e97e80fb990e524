"""Helpers for Fabu's migrations, which are plain SQL run by Piccolo's migration machinery.

Fabu's schema leans on PostgreSQL features Piccolo's auto-migrations cannot express (row-level
security, policies, grants, partial unique indexes, triggers), so every migration is explicit
SQL, reviewed like code. The Piccolo ``Table`` classes describe the same columns for querying,
and a test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from fabu.db.engine import DB


def sql_migration(migration_id: str, app_name: str, description: str, sql: str) -> Callable[[], Awaitable[MigrationManager]]:
    """Build the ``forwards`` function of a migration that runs ``sql`` in one transaction."""

    async def run_sql() -> None:
        await DB.execute_script(sql)

    async def forwards() -> MigrationManager:
        manager = MigrationManager(migration_id=migration_id, app_name=app_name, description=description)
        manager.add_raw(run_sql)
        return manager

    return forwards
