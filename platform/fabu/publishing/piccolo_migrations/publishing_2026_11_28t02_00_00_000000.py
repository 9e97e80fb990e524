"""Publishing: the app may delete channel reads, so the daily job can drop those no window counts any more.

Reads were insert-only; kept forever they only grow. Deleting stays under the table's row-level
security: a unit's transaction deletes that unit's reads and no other's.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import grant_app

ID = "2026-11-28T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: channel reads pruned"

SQL = grant_app("channel_reads", "DELETE")

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
