"""Every domain's Piccolo tables describe the migrated columns, and record tables stay append-only for the app."""

from __future__ import annotations

import asyncpg
import pytest
from piccolo.table import Table

from fabu.piccolo_conf import APP_REGISTRY

TABLES = [table for app in APP_REGISTRY.app_configs.values() for table in app.table_classes]

RECORDS = (
    "audit_entries", "platform_audit_entries", "publication_metrics", "public_comments", "release_archives",
    "archive_fixity_checks",
)  # fmt: skip
"""Tables of records: what happened, as it happened. The app may add and read them, nothing else."""


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table._meta.tablename)
async def test_the_piccolo_table_describes_the_migrated_columns(owner: asyncpg.Connection, table: type[Table]) -> None:
    rows = await owner.fetch(
        "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
        table._meta.tablename,
    )

    migrated = {row["column_name"] for row in rows}
    declared = {column._meta.db_column_name for column in table._meta.columns}
    if "id" not in migrated:  # a composite key Piccolo cannot declare: it adds an ``id`` of its own
        declared.discard("id")

    assert declared == migrated


@pytest.mark.parametrize("name", RECORDS)
async def test_the_app_may_only_add_and_read_records(owner: asyncpg.Connection, name: str) -> None:
    forced = await owner.fetchval("select relrowsecurity and relforcerowsecurity from pg_class where relname = $1", name)
    privileges = await owner.fetch(
        "select privilege_type from information_schema.role_table_grants where table_name = $1 and grantee = 'fabu_app_rw'",
        name,
    )

    assert forced is True
    assert sorted(row["privilege_type"] for row in privileges) == ["INSERT", "SELECT"]
