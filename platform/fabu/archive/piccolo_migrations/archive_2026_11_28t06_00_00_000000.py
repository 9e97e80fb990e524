"""Archive: the packages made of releases, and every fixity check of them, per unit under forced RLS.

Both are records: the app adds and reads them, never changes or removes them.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-28T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "archive: release archive packages and their fixity checks"

SQL = f"""
CREATE TABLE release_archives (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    release_id uuid NOT NULL,
    object_key text NOT NULL,
    sha256 varchar(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    size bigint NOT NULL CHECK (size > 0),
    payload_files integer NOT NULL CHECK (payload_files > 0),
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    retain_until timestamptz,
    retention_rule text NOT NULL,
    locked_by_store boolean NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id)
);
CREATE INDEX release_archives_release ON release_archives (tenant_id, release_id, created_at);

CREATE TABLE archive_fixity_checks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    archive_id uuid NOT NULL,
    checked_at timestamptz NOT NULL,
    intact boolean NOT NULL,
    problems jsonb NOT NULL DEFAULT '[]',
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, archive_id) REFERENCES release_archives (tenant_id, id)
);
CREATE INDEX archive_fixity_checks_archive ON archive_fixity_checks (tenant_id, archive_id, checked_at);

{tenant_table("release_archives", "SELECT, INSERT")}
{tenant_table("archive_fixity_checks", "SELECT, INSERT")}"""

forwards = sql_migration(ID, "archive", DESCRIPTION, SQL)
