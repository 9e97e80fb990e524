"""Workflow tables: template and matrix versions, per-release instances, tasks, opinions, events."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class WorkflowDocument(Table, tablename="workflow_documents", db=DB):
    """One immutable version of a unit's workflow template or authority matrix."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    kind = Varchar(length=16)
    key = Varchar(length=64)
    version = Integer()
    document = JSONB()
    source_yaml = Text()
    active = Boolean(default=False)
    created_by_person_id = UUID(null=True)
    created_at = Timestamptz()


class WorkflowInstance(Table, tablename="workflow_instances", db=DB):
    """A release's journey, pinned to the template and matrix versions it started under."""

    release_id = UUID(primary_key=True)
    tenant_id = UUID()
    template_id = UUID()
    matrix_id = UUID()
    route = JSONB()
    stage_key = Varchar(length=64)
    status = Varchar(length=16)
    round = Integer()
    lock_version = Integer()
    started_at = Timestamptz()
    updated_at = Timestamptz()


class WorkflowTask(Table, tablename="workflow_tasks", db=DB):
    """Work waiting for a person or a role: review, countersign opinion, consolidation, ruling, approval."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    stage_key = Varchar(length=64)
    round = Integer()
    kind = Varchar(length=16)
    position = Integer()
    assignee_person_id = UUID(null=True)
    assignee_role = Varchar(length=32, null=True)
    assignee_department_id = UUID(null=True)
    status = Varchar(length=16)
    due_at = Timestamptz(null=True)
    reminded_at = Timestamptz(null=True)
    escalated_at = Timestamptz(null=True)
    created_at = Timestamptz()
    completed_at = Timestamptz(null=True)


class Opinion(Table, tablename="opinions", db=DB):
    """An explicit decision with its text, bound to the SHA-256 of the version judged."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    task_id = UUID()
    stage_key = Varchar(length=64)
    round = Integer()
    decision = Varchar(length=16)
    opinion = Text()
    decided_by_person_id = UUID()
    on_behalf_of_person_id = UUID(null=True)
    version_number = Integer()
    version_sha256 = Varchar(length=64)
    overrides = JSONB()
    created_at = Timestamptz()
    voided_at = Timestamptz(null=True)
    void_reason = Text(null=True)


class WorkflowEvent(Table, tablename="workflow_events", db=DB):
    """What happened to a release's workflow, in order; append-only."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    kind = Varchar(length=32)
    from_stage = Varchar(length=64, null=True)
    to_stage = Varchar(length=64, null=True)
    actor_person_id = UUID(null=True)
    detail = JSONB()
    created_at = Timestamptz()


class Notification(Table, tablename="notifications", db=DB):
    """A message to a person: new work, a reminder, an escalation, a decision on their release."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    person_id = UUID()
    release_id = UUID(null=True)
    kind = Varchar(length=32)
    message_zh = Text()
    message_en = Text()
    created_at = Timestamptz()
    read_at = Timestamptz(null=True)


class Delegation(Table, tablename="delegations", db=DB):
    """职务代理: a deputy acts for a principal during a period; decisions record "on behalf of"."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    principal_person_id = UUID()
    deputy_person_id = UUID()
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True)


class MutationReceipt(Table, tablename="mutation_receipts", db=DB):
    """The result of a mutation by its client mutation id, so a retried request does not act twice."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    account_id = UUID()
    client_mutation_id = Varchar(length=100)
    mutation = Varchar(length=64)
    response = JSONB()
    created_at = Timestamptz()
