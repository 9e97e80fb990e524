"""The append-only audit log: the app may insert and read entries, never change or remove them."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-26T10:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit: hash-chained, append-only audit entries"

SQL = f"""
CREATE TABLE audit_entries (
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    seq bigint NOT NULL CHECK (seq >= 1),
    occurred_at timestamptz NOT NULL,
    actor_id uuid,
    actor_label text NOT NULL,
    action varchar(100) NOT NULL,
    object_type varchar(64) NOT NULL,
    object_id text NOT NULL,
    input_digest varchar(128) NOT NULL,
    algorithm varchar(16) NOT NULL,
    prev_hash varchar(128) NOT NULL,
    entry_hash varchar(128) NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

-- Even a role that was granted more by mistake cannot rewrite history through the app.
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加 / the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();

{tenant_table("audit_entries", "SELECT, INSERT")}
"""

forwards = sql_migration(ID, "audit", DESCRIPTION, SQL)
