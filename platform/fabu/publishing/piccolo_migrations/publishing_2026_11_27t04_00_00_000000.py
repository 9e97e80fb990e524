"""Publishing: a channel installation can be paused (its credentials expired) with the reason and time."""

from fabu.db.migrations import sql_migration

ID = "2026-11-27T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: pausing a channel installation"

SQL = """
ALTER TABLE channel_installations
    ADD COLUMN paused_at timestamptz,
    ADD COLUMN paused_reason text,
    ADD CONSTRAINT channel_installations_paused_with_reason CHECK ((paused_at IS NULL) = (paused_reason IS NULL));
"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
