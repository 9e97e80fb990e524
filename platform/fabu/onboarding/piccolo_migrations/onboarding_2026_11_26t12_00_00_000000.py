"""Manifest person keys and recorded manifest settings, under forced row-level security."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-26T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "onboarding: person keys, recorded manifest settings"

SQL = f"""
CREATE TABLE onboarding_person_keys (
    tenant_id uuid NOT NULL,
    person_id uuid NOT NULL,
    key varchar(64) NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    PRIMARY KEY (tenant_id, person_id),
    UNIQUE (tenant_id, key),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE onboarding_settings (
    tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

{tenant_table("onboarding_person_keys")}
{tenant_table("onboarding_settings", "SELECT, INSERT, UPDATE")}
"""

forwards = sql_migration(ID, "onboarding", DESCRIPTION, SQL)
