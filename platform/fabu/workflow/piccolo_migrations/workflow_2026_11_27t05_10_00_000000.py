"""The proofread-before-publishing stage (发布前校对): its tasks."""

from fabu.db.migrations import sql_migration

ID = "2026-11-27T05:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "workflow: proofread tasks"

SQL = """
ALTER TABLE workflow_tasks DROP CONSTRAINT workflow_tasks_kind_check;
ALTER TABLE workflow_tasks ADD CONSTRAINT workflow_tasks_kind_check
    CHECK (kind IN ('submit', 'review', 'opinion', 'consolidate', 'ruling', 'approval', 'proofread'));
"""

forwards = sql_migration(ID, "workflow", DESCRIPTION, SQL)
