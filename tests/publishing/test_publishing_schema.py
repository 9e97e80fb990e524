"""The publishing tables as migrated: described by the Piccolo tables, isolated per unit, the outbox keyed by unit."""

from __future__ import annotations

import asyncpg

from fabu.publishing.piccolo_app import APP_CONFIG


async def test_the_piccolo_tables_describe_the_migrated_columns(owner: asyncpg.Connection) -> None:
    for table in APP_CONFIG.table_classes:
        rows = await owner.fetch(
            "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
            table._meta.tablename,
        )
        declared = {column._meta.db_column_name for column in table._meta.columns}
        assert declared == {row["column_name"] for row in rows}, table._meta.tablename


async def test_every_publishing_table_forces_row_level_security(owner: asyncpg.Connection) -> None:
    names = [table._meta.tablename for table in APP_CONFIG.table_classes]
    rows = await owner.fetch(
        "select relname from pg_class where relname = any($1::text[]) and relrowsecurity and relforcerowsecurity", names
    )

    assert sorted(row["relname"] for row in rows) == sorted(names)
