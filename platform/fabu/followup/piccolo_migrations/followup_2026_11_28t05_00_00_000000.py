"""Follow-up: publications' reach over time and the public's comments, per unit under forced row-level security.

Both are records of what a channel reported: the app adds and reads them, never rewrites them.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-28T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "followup: publication metrics and public comments"

SQL = f"""
CREATE TABLE publication_metrics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    release_id uuid NOT NULL,
    channel varchar(64) NOT NULL,
    measured_at timestamptz NOT NULL,
    collected_at timestamptz NOT NULL,
    views bigint CHECK (views >= 0),
    likes bigint CHECK (likes >= 0),
    shares bigint CHECK (shares >= 0),
    comments bigint CHECK (comments >= 0),
    extra jsonb NOT NULL DEFAULT '{{}}',
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX publication_metrics_release ON publication_metrics (tenant_id, release_id, channel, measured_at);

CREATE TABLE public_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    release_id uuid NOT NULL,
    channel varchar(64) NOT NULL,
    external_id varchar(200) NOT NULL,
    author text NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL,
    reply_to varchar(200),
    collected_at timestamptz NOT NULL,
    UNIQUE (tenant_id, id),
    -- A channel's comment ids may be counted per article (WeChat's are): unique within a publication.
    UNIQUE (tenant_id, release_id, channel, external_id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX public_comments_release ON public_comments (tenant_id, release_id, created_at);

{tenant_table("publication_metrics", "SELECT, INSERT")}
{tenant_table("public_comments", "SELECT, INSERT")}"""

forwards = sql_migration(ID, "followup", DESCRIPTION, SQL)
