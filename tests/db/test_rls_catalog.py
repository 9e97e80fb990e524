"""The database catalog proves the isolation rules: forced RLS everywhere, a powerless app role."""

from __future__ import annotations

import asyncpg

from fabu.settings import Settings


async def test_every_table_with_tenant_id_has_row_level_security_enabled_and_forced(owner: asyncpg.Connection) -> None:
    rows = await owner.fetch(
        """select c.relname, c.relrowsecurity, c.relforcerowsecurity
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind = 'r'
             and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
                  or c.relname = 'tenants')"""
    )
    assert len(rows) >= 8
    unprotected = [row["relname"] for row in rows if not (row["relrowsecurity"] and row["relforcerowsecurity"])]
    assert unprotected == []


async def test_every_tenant_policy_uses_the_transaction_tenant_in_using_and_with_check(owner: asyncpg.Connection) -> None:
    rows = await owner.fetch("select tablename, qual, with_check from pg_policies where policyname = 'tenant_isolation'")
    assert rows
    for row in rows:
        for expression in (row["qual"], row["with_check"]):
            assert "current_setting('fabu.tenant_id'::text, true)" in expression, row["tablename"]
            assert "NULLIF" in expression.upper(), row["tablename"]


async def test_the_app_role_owns_nothing_and_cannot_bypass_rls(owner: asyncpg.Connection, settings: Settings) -> None:
    role = await owner.fetchrow(
        "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = $1", settings.app_db_role
    )
    assert role is not None
    assert not any(role.values())
    owned = await owner.fetchval(
        """select count(*) from pg_class c join pg_roles r on r.oid = c.relowner
           where r.rolname = $1 or pg_has_role($1, r.oid, 'MEMBER') and r.rolname <> 'public'""",
        settings.app_db_role,
    )
    assert owned == 0


async def test_every_tenant_index_and_unique_key_leads_with_tenant_id(owner: asyncpg.Connection) -> None:
    rows = await owner.fetch(
        """select i.relname as index, t.relname as table,
                  (select attname from pg_attribute where attrelid = t.oid and attnum = ix.indkey[0]) as first_column
           from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid
           join pg_namespace n on n.oid = t.relnamespace
           where n.nspname = 'public' and not ix.indisprimary
             and exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'tenant_id')"""
    )
    assert rows
    assert [row["index"] for row in rows if row["first_column"] != "tenant_id"] == []


async def test_the_app_role_may_not_change_or_remove_audit_entries(owner: asyncpg.Connection, settings: Settings) -> None:
    privileges = await owner.fetch(
        """select privilege_type from information_schema.role_table_grants
           where table_name = 'audit_entries' and grantee = 'fabu_app_rw'"""
    )
    assert sorted(row["privilege_type"] for row in privileges) == ["INSERT", "SELECT"]
