"""The follow-up tables as migrated: described by their Piccolo tables, isolated per unit, records the app cannot rewrite."""

from __future__ import annotations

import asyncpg
import pytest
from piccolo.table import Table

from fabu.followup.piccolo_app import APP_CONFIG


@pytest.mark.parametrize("table", APP_CONFIG.table_classes, ids=lambda table: table._meta.tablename)
async def test_the_piccolo_table_describes_the_migrated_columns(owner: asyncpg.Connection, table: type[Table]) -> None:
    rows = await owner.fetch(
        "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
        table._meta.tablename,
    )

    assert {column._meta.db_column_name for column in table._meta.columns} == {row["column_name"] for row in rows}


@pytest.mark.parametrize("name", ["publication_metrics", "public_comments"])
async def test_the_table_forces_row_level_security_and_the_app_may_only_add_and_read(owner: asyncpg.Connection, name: str) -> None:
    forced = await owner.fetchval("select relrowsecurity and relforcerowsecurity from pg_class where relname = $1", name)
    privileges = await owner.fetch(
        "select privilege_type from information_schema.role_table_grants where table_name = $1 and grantee = 'fabu_app_rw'",
        name,
    )

    assert forced is True
    assert sorted(row["privilege_type"] for row in privileges) == ["INSERT", "SELECT"]
