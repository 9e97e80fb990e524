"""Publishing: a delivered row whose receipt is pending is polled through the channel's status call."""

from fabu.db.migrations import sql_migration

ID = "2026-11-27T04:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: polling pending receipts"

SQL = """
ALTER TABLE publication_outbox
    ADD COLUMN poll_after timestamptz,
    ADD COLUMN polls integer NOT NULL DEFAULT 0 CHECK (polls >= 0);
CREATE INDEX publication_outbox_polls ON publication_outbox (tenant_id, poll_after) WHERE poll_after IS NOT NULL;
"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
