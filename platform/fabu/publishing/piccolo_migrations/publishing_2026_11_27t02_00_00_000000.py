"""Publishing: reminders from channels' upkeep (e.g. take a notice down), each told to the publishers once."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-27T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: posting reminders"

SQL = f"""
CREATE TABLE posting_reminders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    channel varchar(64) NOT NULL,
    key varchar(200) NOT NULL,
    release_id uuid NOT NULL,
    due_at timestamptz NOT NULL,
    message_zh text NOT NULL,
    message_en text NOT NULL,
    settled_by varchar(16) CHECK (settled_by IN ('posted', 'removed')),
    reminded_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    UNIQUE (tenant_id, id),
    -- One row per thing to do: the key makes a second upkeep run remind no one twice.
    UNIQUE (tenant_id, channel, key),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, channel) REFERENCES channel_installations (tenant_id, channel)
);
CREATE INDEX posting_reminders_open ON posting_reminders (tenant_id, due_at) WHERE resolved_at IS NULL;
CREATE INDEX posting_reminders_release ON posting_reminders (tenant_id, release_id, channel);

{tenant_table("posting_reminders", "SELECT, INSERT, UPDATE")}"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
