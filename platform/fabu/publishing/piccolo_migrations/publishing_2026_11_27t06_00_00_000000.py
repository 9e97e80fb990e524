"""Publishing: each ``status`` read made of a channel, so the channel's rate limits count it.

A channel's documented limits (Weibo's 100 calls a day, for one) count every API call, reads
included. Reconciling an unknown outcome and polling a pending receipt read ``status``; each read is
recorded before it is made, and the relay's throttle counts it with the attempts.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-27T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: status reads counted against rate limits"

SQL = f"""
CREATE TABLE channel_reads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    channel varchar(64) NOT NULL,
    outbox_id uuid NOT NULL,
    made_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, outbox_id) REFERENCES publication_outbox (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX channel_reads_window ON channel_reads (tenant_id, channel, made_at);
CREATE INDEX channel_reads_outbox ON channel_reads (tenant_id, outbox_id, made_at);

{tenant_table("channel_reads", "SELECT, INSERT")}"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
