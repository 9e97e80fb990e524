"""Publishing: attempts found by time, for the relay's count of a channel's recent calls (its rate limits)."""

from fabu.db.migrations import sql_migration

ID = "2026-11-27T04:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: attempts by start time"

SQL = """
CREATE INDEX publication_attempts_started ON publication_attempts (tenant_id, started_at);
"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
