"""The disclosure catalogue, releases, immutable versions, co-departments and attachments, under forced RLS."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import tenant_table

ID = "2026-11-26T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "releases: disclosure categories, releases, versions, co-departments, attachments"

SQL = f"""
CREATE TABLE disclosure_categories (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    parent_id uuid,
    code varchar(64) NOT NULL CHECK (code ~ '^[^[:space:]/\\\\]{{1,64}}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES disclosure_categories (tenant_id, id)
);
CREATE INDEX disclosure_categories_parent ON disclosure_categories (tenant_id, parent_id);

CREATE TABLE releases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
    body_html text NOT NULL DEFAULT '' CHECK (length(body_html) <= 1000000),
    category_id uuid,
    importance varchar(16) NOT NULL DEFAULT 'routine' CHECK (importance IN ('routine', 'important', 'major')),
    -- There is no classified level on purpose: classified material never enters Fabu.
    sensitivity varchar(16) NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'sensitive')),
    lead_department_id uuid NOT NULL,
    -- Derived from release_co_departments (which holds the foreign keys) by a trigger; read-only.
    co_department_ids uuid[] NOT NULL DEFAULT '{{}}',
    sources jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sources) = 'array'),
    channels text[] NOT NULL DEFAULT '{{}}',
    scheduled_at timestamptz,
    current_version_id uuid NOT NULL,
    current_version_number integer NOT NULL CHECK (current_version_number >= 1),
    lock_version integer NOT NULL DEFAULT 1 CHECK (lock_version >= 1),
    -- Owned by the workflow engine; the releases domain only creates it.
    workflow_state text NOT NULL DEFAULT 'draft' CHECK (length(workflow_state) BETWEEN 1 AND 64),
    created_by_person_id uuid NOT NULL,
    last_edited_by_person_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    -- Composite keys keep every reference inside one tenant: a foreign-key check ignores RLS.
    FOREIGN KEY (tenant_id, category_id) REFERENCES disclosure_categories (tenant_id, id),
    FOREIGN KEY (tenant_id, lead_department_id) REFERENCES departments (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by_person_id) REFERENCES people (tenant_id, id),
    FOREIGN KEY (tenant_id, last_edited_by_person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX releases_recent ON releases (tenant_id, created_at DESC, id);
CREATE INDEX releases_state ON releases (tenant_id, workflow_state);
CREATE INDEX releases_lead_department ON releases (tenant_id, lead_department_id);
CREATE INDEX releases_category ON releases (tenant_id, category_id);

CREATE TABLE release_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    kind varchar(32) NOT NULL CHECK (kind IN ('created', 'edited', 'imported', 'attachment_added',
        'attachment_removed', 'proofread')),
    content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
    sha256 varchar(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    author_person_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, release_id, number),
    UNIQUE (tenant_id, release_id, number, id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id),
    FOREIGN KEY (tenant_id, author_person_id) REFERENCES people (tenant_id, id)
);

-- The current version is one of the release's own versions, with its number. Deferred: a new
-- release and its version 1 are inserted in the same transaction, the release first.
ALTER TABLE releases ADD CONSTRAINT releases_current_version
    FOREIGN KEY (tenant_id, id, current_version_number, current_version_id)
    REFERENCES release_versions (tenant_id, release_id, number, id) DEFERRABLE INITIALLY DEFERRED;

-- Versions are immutable: even a role granted more by mistake cannot rewrite one.
CREATE FUNCTION release_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '稿件版本不可修改 / release versions are immutable' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER release_versions_no_update BEFORE UPDATE OR DELETE ON release_versions
    FOR EACH ROW EXECUTE FUNCTION release_versions_immutable();
CREATE TRIGGER release_versions_no_truncate BEFORE TRUNCATE ON release_versions
    FOR EACH STATEMENT EXECUTE FUNCTION release_versions_immutable();

CREATE TABLE release_co_departments (
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    department_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, release_id, department_id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
);
CREATE INDEX release_co_departments_department ON release_co_departments (tenant_id, department_id);

-- Keep releases.co_department_ids equal to the release's rows here, so readers need no join.
CREATE FUNCTION release_co_departments_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed release_co_departments;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    UPDATE releases SET co_department_ids = coalesce(
        (SELECT array_agg(c.department_id ORDER BY c.department_id) FROM release_co_departments c
         WHERE c.tenant_id = changed.tenant_id AND c.release_id = changed.release_id), '{{}}')
    WHERE tenant_id = changed.tenant_id AND id = changed.release_id;
    RETURN NULL;
END $$;
CREATE TRIGGER release_co_departments_sync AFTER INSERT OR DELETE ON release_co_departments
    FOR EACH ROW EXECUTE FUNCTION release_co_departments_sync();

CREATE TABLE release_attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
    size bigint NOT NULL CHECK (size > 0),
    sha256 varchar(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    object_key text NOT NULL,
    added_by_person_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, release_id, name),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, added_by_person_id) REFERENCES people (tenant_id, id)
);

{tenant_table("disclosure_categories", "SELECT, INSERT, UPDATE")}
{tenant_table("releases", "SELECT, INSERT, UPDATE")}
{tenant_table("release_versions", "SELECT, INSERT")}
{tenant_table("release_co_departments", "SELECT, INSERT, DELETE")}
{tenant_table("release_attachments", "SELECT, INSERT, DELETE")}
"""

forwards = sql_migration(ID, "releases", DESCRIPTION, SQL)
