"""Workflow runtime: document versions, instances, tasks, opinions, events, notifications, delegations."""

from fabu.db.migrations import sql_migration
from fabu.db.sql import APP_GROUP, tenant_rls, tenant_table

ID = "2026-11-26T11:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "workflow: documents, instances, tasks, opinions, events, notifications, delegations, receipts"

SQL = f"""
CREATE TABLE workflow_documents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    kind varchar(16) NOT NULL CHECK (kind IN ('template', 'matrix')),
    key varchar(64) NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    document jsonb NOT NULL,
    source_yaml text NOT NULL,
    active boolean NOT NULL DEFAULT false,
    created_by_person_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, kind, key, version)
);
CREATE UNIQUE INDEX workflow_documents_one_active ON workflow_documents (tenant_id, kind) WHERE active;

CREATE TABLE workflow_instances (
    release_id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    template_id uuid NOT NULL,
    matrix_id uuid NOT NULL,
    route jsonb NOT NULL,
    stage_key varchar(64) NOT NULL,
    status varchar(16) NOT NULL CHECK (status IN ('in_progress', 'returned', 'ready', 'rejected')),
    round integer NOT NULL DEFAULT 1,
    lock_version integer NOT NULL DEFAULT 1,
    started_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, release_id),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, template_id) REFERENCES workflow_documents (tenant_id, id),
    FOREIGN KEY (tenant_id, matrix_id) REFERENCES workflow_documents (tenant_id, id)
);

CREATE TABLE workflow_tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    stage_key varchar(64) NOT NULL,
    round integer NOT NULL,
    kind varchar(16) NOT NULL CHECK (kind IN ('submit', 'review', 'opinion', 'consolidate', 'ruling', 'approval')),
    position integer NOT NULL DEFAULT 0,
    assignee_person_id uuid,
    assignee_role varchar(32),
    assignee_department_id uuid,
    status varchar(16) NOT NULL CHECK (status IN ('open', 'waiting', 'done', 'cancelled')),
    due_at timestamptz,
    reminded_at timestamptz,
    escalated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    UNIQUE (tenant_id, id),
    CHECK (assignee_person_id IS NOT NULL OR assignee_role IS NOT NULL),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, assignee_person_id) REFERENCES people (tenant_id, id),
    FOREIGN KEY (tenant_id, assignee_department_id) REFERENCES departments (tenant_id, id)
);
CREATE INDEX workflow_tasks_release ON workflow_tasks (tenant_id, release_id, status);
CREATE INDEX workflow_tasks_person_open ON workflow_tasks (tenant_id, assignee_person_id) WHERE status = 'open';
CREATE INDEX workflow_tasks_role_open ON workflow_tasks (tenant_id, assignee_department_id, assignee_role) WHERE status = 'open';
CREATE INDEX workflow_tasks_due ON workflow_tasks (tenant_id, due_at) WHERE status = 'open';

CREATE TABLE opinions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    task_id uuid NOT NULL,
    stage_key varchar(64) NOT NULL,
    round integer NOT NULL,
    decision varchar(16) NOT NULL,
    opinion text NOT NULL CHECK (length(btrim(opinion)) >= 1),
    decided_by_person_id uuid NOT NULL,
    on_behalf_of_person_id uuid,
    version_number integer NOT NULL,
    version_sha256 varchar(64) NOT NULL,
    overrides jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    voided_at timestamptz,
    void_reason text,
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, task_id) REFERENCES workflow_tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, decided_by_person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX opinions_release ON opinions (tenant_id, release_id, created_at);

CREATE TABLE workflow_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    release_id uuid NOT NULL,
    kind varchar(32) NOT NULL,
    from_stage varchar(64),
    to_stage varchar(64),
    actor_person_id uuid,
    detail jsonb NOT NULL DEFAULT '{{}}',
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (tenant_id, release_id) REFERENCES releases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX workflow_events_release ON workflow_events (tenant_id, release_id, created_at);

CREATE TABLE notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    person_id uuid NOT NULL,
    release_id uuid,
    kind varchar(32) NOT NULL,
    message_zh text NOT NULL,
    message_en text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_person ON notifications (tenant_id, person_id, created_at);

CREATE TABLE delegations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    principal_person_id uuid NOT NULL,
    deputy_person_id uuid NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CHECK (ends_at > starts_at),
    CHECK (principal_person_id <> deputy_person_id),
    FOREIGN KEY (tenant_id, principal_person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, deputy_person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX delegations_deputy ON delegations (tenant_id, deputy_person_id);

CREATE TABLE mutation_receipts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    client_mutation_id varchar(100) NOT NULL,
    mutation varchar(64) NOT NULL,
    response jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, account_id, client_mutation_id)
);

-- Scheduled jobs visit every unit in turn; this tells them which units exist, and nothing else.
CREATE FUNCTION platform_tenant_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT id FROM tenants ORDER BY id $$;
REVOKE ALL ON FUNCTION platform_tenant_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_tenant_ids() TO {APP_GROUP};

{tenant_table("workflow_documents", "SELECT, INSERT")}
GRANT UPDATE (active) ON workflow_documents TO {APP_GROUP};
{tenant_table("workflow_instances", "SELECT, INSERT, UPDATE")}
{tenant_table("workflow_tasks", "SELECT, INSERT, UPDATE")}
{tenant_rls("opinions")}
GRANT SELECT, INSERT ON opinions TO {APP_GROUP};
-- An opinion is never rewritten; a later content change may only mark it void.
GRANT UPDATE (voided_at, void_reason) ON opinions TO {APP_GROUP};
{tenant_table("workflow_events", "SELECT, INSERT")}
{tenant_table("notifications", "SELECT, INSERT, UPDATE")}
{tenant_table("delegations", "SELECT, INSERT, UPDATE")}
{tenant_table("mutation_receipts", "SELECT, INSERT")}
"""

forwards = sql_migration(ID, "workflow", DESCRIPTION, SQL)
