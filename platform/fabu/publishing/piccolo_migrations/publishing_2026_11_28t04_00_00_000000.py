"""Publishing: a channel read names its kind (a ``status`` read, or a ``metrics`` or ``feedback`` read of the
follow-up), so a rate limit on one capability counts only the reads of that capability."""

from fabu.db.migrations import sql_migration

ID = "2026-11-28T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: channel reads by capability"

SQL = """
ALTER TABLE channel_reads ADD COLUMN capability varchar(16) NOT NULL DEFAULT 'status'
    CHECK (capability IN ('status', 'metrics', 'feedback'));
"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
