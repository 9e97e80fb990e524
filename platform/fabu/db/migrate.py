"""`fabu migrate`: apply every domain's migrations as the owner and set up the app role."""

from __future__ import annotations

import os

from fabu.db.engine import DB, configure_engine
from fabu.db.sql import APP_GROUP


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


async def ensure_roles(app_role: str, app_password: str) -> None:
    """Create the app's privilege group and its login role: no ownership, no superuser, no BYPASSRLS."""
    async with DB.transaction():
        await DB.execute_script(
            f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_quote_literal(APP_GROUP)}) THEN
        CREATE ROLE {_quote_ident(APP_GROUP)} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_quote_literal(app_role)}) THEN
        CREATE ROLE {_quote_ident(app_role)} LOGIN;
    END IF;
END $$;
ALTER ROLE {_quote_ident(app_role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION
    PASSWORD {_quote_literal(app_password)};
GRANT {_quote_ident(APP_GROUP)} TO {_quote_ident(app_role)};
GRANT USAGE ON SCHEMA public TO {_quote_ident(APP_GROUP)};
"""
        )


async def migrate(owner_url: str, app_role: str, app_password: str) -> None:
    """Apply all pending migrations as the owner at ``owner_url``."""
    # Piccolo's migration runner finds the engine and apps through this module.
    os.environ["PICCOLO_CONF"] = "fabu.piccolo_conf"
    from piccolo.apps.migrations.commands.forwards import run_forwards

    configure_engine(owner_url)
    await ensure_roles(app_role, app_password)
    result = await run_forwards("all")
    if not result.success:
        raise RuntimeError(f"迁移失败 / migration failed: {result.message}")
