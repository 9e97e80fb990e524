"""The posting tables: reminders from channels' upkeep. The schema is the SQL migration
``publishing_2026_11_27t02_00_00_000000``; this class describes the same columns for querying."""

from __future__ import annotations

from piccolo.columns import UUID, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class PostingReminder(Table, tablename="posting_reminders", db=DB):
    """Something a channel says people must do about a publication (e.g. take a notice down), told once."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    channel = Varchar(length=64)
    key = Varchar(length=200)
    release_id = UUID()
    due_at = Timestamptz()
    message_zh = Text()
    message_en = Text()
    settled_by = Varchar(length=16, null=True, default=None)
    reminded_at = Timestamptz()
    resolved_at = Timestamptz(null=True, default=None)
