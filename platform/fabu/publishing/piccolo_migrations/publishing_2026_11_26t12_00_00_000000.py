"""Publishing: per-unit channel installations, the publication outbox, attempts and the append-only ledger."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import grant_app, tenant_rls, tenant_table

ID = "2026-11-26T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: channel installations, outbox, attempts, ledger"

SQL = f"""
CREATE TABLE channel_installations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    channel varchar(64) NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_-]*$'),
    enabled boolean NOT NULL DEFAULT true,
    config jsonb NOT NULL DEFAULT '{{}}',
    secrets jsonb NOT NULL DEFAULT '{{}}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, channel)
);

CREATE TABLE publication_outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    version_number integer NOT NULL,
    content_sha256 varchar(64) NOT NULL,
    channel varchar(64) NOT NULL,
    order_rank smallint NOT NULL DEFAULT 1 CHECK (order_rank IN (0, 1)),
    not_before timestamptz NOT NULL DEFAULT now(),
    status varchar(16) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'claimed', 'delivered', 'flagged', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    claimed_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, release_id, version_number, channel),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, channel) REFERENCES channel_installations (tenant_id, channel)
);
CREATE INDEX publication_outbox_due ON publication_outbox (tenant_id, not_before) WHERE status = 'pending';
CREATE INDEX publication_outbox_claimed ON publication_outbox (tenant_id, claimed_at) WHERE status = 'claimed';

CREATE TABLE publication_attempts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    outbox_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    outcome varchar(16)
        CHECK (outcome IN ('published', 'pending', 'retryable', 'terminal', 'auth_expired', 'unknown',
                           'not_found', 'flagged', 'failed')),
    channel_code text,
    channel_message text,
    external_ids jsonb NOT NULL DEFAULT '{{}}',
    url text,
    UNIQUE (tenant_id, outbox_id, number),
    FOREIGN KEY (tenant_id, outbox_id) REFERENCES publication_outbox (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE publication_ledger (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    release_id uuid NOT NULL,
    version_number integer NOT NULL,
    channel varchar(64) NOT NULL,
    state varchar(16) NOT NULL,
    title text NOT NULL,
    summary text NOT NULL DEFAULT '',
    approvers text[] NOT NULL DEFAULT '{{}}',
    content_sha256 varchar(64) NOT NULL,
    external_ids jsonb NOT NULL DEFAULT '{{}}',
    url text,
    published_at timestamptz,
    outbox_id uuid,
    receipt jsonb NOT NULL DEFAULT '{{}}',
    UNIQUE (tenant_id, id)
);
CREATE INDEX publication_ledger_time ON publication_ledger (tenant_id, recorded_at);
CREATE INDEX publication_ledger_release ON publication_ledger (tenant_id, release_id, channel);

-- The ledger (发布台账) is a record: the app adds entries and reads them, never rewrites them.
CREATE FUNCTION publication_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '发布台账只能追加 / the publication ledger is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER publication_ledger_no_update BEFORE UPDATE OR DELETE ON publication_ledger
    FOR EACH ROW EXECUTE FUNCTION publication_ledger_append_only();
CREATE TRIGGER publication_ledger_no_truncate BEFORE TRUNCATE ON publication_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION publication_ledger_append_only();

{tenant_table("channel_installations", "SELECT, INSERT, UPDATE")}
{tenant_table("publication_outbox", "SELECT, INSERT, UPDATE")}
{tenant_table("publication_attempts", "SELECT, INSERT, UPDATE")}
{tenant_rls("publication_ledger")}
{grant_app("publication_ledger", "SELECT, INSERT")}"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
