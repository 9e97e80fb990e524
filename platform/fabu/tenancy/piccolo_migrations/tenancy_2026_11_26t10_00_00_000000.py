"""Tenants, departments, people, memberships and leadership, under forced row-level security."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import APP_GROUP, CURRENT_TENANT, tenant_table

ID = "2026-11-26T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenancy: tenants, departments, people, memberships, leadership"

SQL = f"""
CREATE TABLE tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code varchar(64) NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{{2,64}}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = {CURRENT_TENANT}) WITH CHECK (id = {CURRENT_TENANT});
-- The owner runs migrations and platform commands (audit verify, tenant apply) across tenants.
CREATE POLICY owner_all ON tenants TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON tenants TO {APP_GROUP};

-- Login knows a unit by its code before any tenant is set; this reveals only the id.
CREATE FUNCTION tenant_id_by_code(p_code text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT id FROM tenants WHERE code = p_code $$;
REVOKE ALL ON FUNCTION tenant_id_by_code(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_id_by_code(text) TO {APP_GROUP};

CREATE TABLE departments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    parent_id uuid,
    code varchar(64) NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    is_office boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, code),
    -- Composite keys keep every reference inside one tenant: a foreign-key check ignores RLS.
    FOREIGN KEY (tenant_id, parent_id) REFERENCES departments (tenant_id, id)
);
CREATE INDEX departments_parent ON departments (tenant_id, parent_id);

CREATE TABLE people (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    title text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
CREATE INDEX people_name ON people (tenant_id, name, id);

CREATE TABLE memberships (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    person_id uuid NOT NULL,
    department_id uuid NOT NULL,
    role varchar(32) NOT NULL CHECK (role IN ('tenant_admin', 'drafter', 'department_reviewer',
        'office_reviewer', 'leader', 'publisher', 'auditor')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, person_id, department_id, role),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX memberships_department ON memberships (tenant_id, department_id, role);

CREATE TABLE leadership (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    person_id uuid NOT NULL,
    kind varchar(16) NOT NULL CHECK (kind IN ('supervising', 'principal')),
    department_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'principal') = (department_id IS NULL)),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX leadership_one_principal ON leadership (tenant_id) WHERE kind = 'principal';
CREATE UNIQUE INDEX leadership_one_per_department ON leadership (tenant_id, department_id)
    WHERE kind = 'supervising';
CREATE INDEX leadership_person ON leadership (tenant_id, person_id);

{tenant_table("departments")}
{tenant_table("people")}
{tenant_table("memberships")}
{tenant_table("leadership")}
"""

forwards = sql_migration(ID, "tenancy", DESCRIPTION, SQL)
