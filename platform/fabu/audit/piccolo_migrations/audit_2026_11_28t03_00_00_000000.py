"""The platform's audit trail: platform administrators' logins, refused attempts and actions.

Like a unit's chain, append-only; instead of a unit column, row-level security admits its rows
only in a transaction with no unit set, so no unit's request can see or add to it.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import CURRENT_TENANT, grant_app

ID = "2026-11-28T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit: the platform's hash-chained, append-only audit trail"

SQL = f"""
CREATE TABLE platform_audit_entries (
    seq bigint PRIMARY KEY CHECK (seq >= 1),
    occurred_at timestamptz NOT NULL,
    actor_id uuid,
    actor_label text NOT NULL,
    action varchar(100) NOT NULL,
    object_type varchar(64) NOT NULL,
    object_id text NOT NULL,
    input_digest varchar(128) NOT NULL,
    algorithm varchar(16) NOT NULL,
    prev_hash varchar(128) NOT NULL,
    entry_hash varchar(128) NOT NULL
);

CREATE TRIGGER platform_audit_entries_no_update BEFORE UPDATE OR DELETE ON platform_audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER platform_audit_entries_no_truncate BEFORE TRUNCATE ON platform_audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();

ALTER TABLE platform_audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_audit_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON platform_audit_entries
    USING ({CURRENT_TENANT} IS NULL)
    WITH CHECK ({CURRENT_TENANT} IS NULL);
{grant_app("platform_audit_entries", "SELECT, INSERT")}"""

forwards = sql_migration(ID, "audit", DESCRIPTION, SQL)
