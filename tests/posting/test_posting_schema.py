"""The posting table as migrated: described by its Piccolo table, isolated per unit, keyed by unit."""

from __future__ import annotations

import asyncpg

from fabu.channels.api import ProofKind
from fabu.graphql.posting.types import PostingProofKind
from fabu.publishing.posting.tables import PostingReminder


async def test_the_piccolo_table_describes_the_migrated_columns(owner: asyncpg.Connection) -> None:
    rows = await owner.fetch(
        "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
        PostingReminder._meta.tablename,
    )

    assert {column._meta.db_column_name for column in PostingReminder._meta.columns} == {row["column_name"] for row in rows}


async def test_the_reminders_table_forces_row_level_security_and_the_app_cannot_delete(owner: asyncpg.Connection) -> None:
    forced = await owner.fetchval(
        "select relrowsecurity and relforcerowsecurity from pg_class where relname = 'posting_reminders'"
    )
    privileges = await owner.fetch(
        """select privilege_type from information_schema.role_table_grants
           where table_name = 'posting_reminders' and grantee = 'fabu_app_rw'"""
    )

    assert forced is True
    assert sorted(row["privilege_type"] for row in privileges) == ["INSERT", "SELECT", "UPDATE"]


def test_the_graphql_proof_kinds_are_the_sdks() -> None:
    assert {kind.name: kind.value for kind in PostingProofKind} == {kind.name: kind.value for kind in ProofKind}
