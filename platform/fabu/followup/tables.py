"""Follow-up tables: a publication's reach over time, and the public's comments. The schema is the SQL
migration in ``piccolo_migrations``; these classes describe the same columns for querying."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, BigInt, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class PublicationMetrics(Table, tablename="publication_metrics", db=DB):
    """A publication's counters on one channel at one moment; a new row per collection, so reach has a history."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    channel = Varchar(length=64)
    measured_at = Timestamptz()
    collected_at = Timestamptz()
    views = BigInt(null=True, default=None)
    likes = BigInt(null=True, default=None)
    shares = BigInt(null=True, default=None)
    comments = BigInt(null=True, default=None)
    extra = JSONB(default={})


class PublicComment(Table, tablename="public_comments", db=DB):
    """One comment from the public on a publication, as the channel gave it; kept once per channel id."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    channel = Varchar(length=64)
    external_id = Varchar(length=200)
    author = Text()
    text = Text()
    created_at = Timestamptz()
    reply_to = Varchar(length=200, null=True, default=None)
    collected_at = Timestamptz()
