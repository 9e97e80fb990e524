"""Each unit's own lexicon entries and the stored check report of every release version, under forced RLS."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-26T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "checking: tenant lexicon entries, check reports per release version"

SQL = f"""
CREATE TABLE lexicon_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    term text NOT NULL CHECK (length(btrim(term)) BETWEEN 1 AND 100),
    kind varchar(32) NOT NULL CHECK (kind IN ('wrong_expression', 'sensitive_word')),
    -- fatal is reserved for confidentiality markings, which no lexicon can add or soften.
    severity varchar(16) NOT NULL CHECK (severity IN ('blocking', 'warning', 'info')),
    correction text CHECK (correction IS NULL OR length(correction) BETWEEN 1 AND 200),
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_by_person_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, term),
    CHECK (kind <> 'wrong_expression' OR correction IS NOT NULL),
    FOREIGN KEY (tenant_id, created_by_person_id) REFERENCES people (tenant_id, id)
);

-- Append-only: a report is what the checks found in one version at one moment. A later run of
-- the same version (the unit's lexicon changed) adds a row; the newest is the current one.
CREATE TABLE check_reports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    version_number integer NOT NULL CHECK (version_number >= 1),
    version_sha256 varchar(64) NOT NULL CHECK (version_sha256 ~ '^[0-9a-f]{{64}}$'),
    -- The content hash of the unit's lexicon entries the run used, to tell a stale report.
    lexicon_sha256 varchar(64) NOT NULL CHECK (lexicon_sha256 ~ '^[0-9a-f]{{64}}$'),
    findings jsonb NOT NULL CHECK (jsonb_typeof(findings) = 'array'),
    texts jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object'),
    fatal_count integer NOT NULL CHECK (fatal_count >= 0),
    blocking_count integer NOT NULL CHECK (blocking_count >= 0),
    warning_count integer NOT NULL CHECK (warning_count >= 0),
    info_count integer NOT NULL CHECK (info_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id),
    FOREIGN KEY (tenant_id, release_id, version_number) REFERENCES release_versions (tenant_id, release_id, number)
);
CREATE INDEX check_reports_version ON check_reports (tenant_id, release_id, version_number, created_at DESC);

{tenant_table("lexicon_entries", "SELECT, INSERT, DELETE")}
{tenant_table("check_reports", "SELECT, INSERT")}
"""

forwards = sql_migration(ID, "checking", DESCRIPTION, SQL)
