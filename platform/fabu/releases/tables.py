"""Release tables: the disclosure catalogue, releases, their immutable versions, co-departments, attachments."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Array, BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class DisclosureCategory(Table, tablename="disclosure_categories", db=DB):
    """A category of the unit's disclosure catalogue (信息公开目录); ``parent_id`` makes the tree."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    parent_id = UUID(null=True)
    code = Varchar(length=64)
    name = Text()
    created_at = Timestamptz()


class Release(Table, tablename="releases", db=DB):
    """A release (信息稿件): its current fields, its current version, and its workflow state.

    ``co_department_ids`` mirrors ``release_co_departments`` (kept equal by a trigger; write
    the latter). ``workflow_state`` belongs to the workflow engine; ``lock_version`` grows with every change
    of the row and guards against saving over someone else's change.
    """

    id = UUID(primary_key=True)
    tenant_id = UUID()
    title = Text()
    summary = Text(default="")
    body_html = Text(default="")
    category_id = UUID(null=True)
    importance = Varchar(length=16, default="routine")
    sensitivity = Varchar(length=16, default="normal")
    lead_department_id = UUID()
    co_department_ids = Array(base_column=UUID())
    sources = JSONB(default=[])
    channels = Array(base_column=Text())
    scheduled_at = Timestamptz(null=True, default=None)
    variants = JSONB(default={})
    current_version_id = UUID()
    current_version_number = Integer()
    lock_version = Integer(default=1)
    workflow_state = Text(default="draft")
    created_by_person_id = UUID()
    last_edited_by_person_id = UUID()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ReleaseVersion(Table, tablename="release_versions", db=DB):
    """One saved state of a release, never changed: its content and the SHA-256 approvals bind to."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    number = Integer()
    kind = Varchar(length=32)
    content = JSONB()
    sha256 = Varchar(length=64)
    author_person_id = UUID()
    created_at = Timestamptz()


class ReleaseCoDepartment(Table, tablename="release_co_departments", db=DB):
    """A department that countersigns (会签) a release besides its lead department.

    The table's primary key is (tenant_id, release_id, department_id); Piccolo cannot declare a
    composite key, so none is declared here (as for the audit log).
    """

    tenant_id = UUID()
    release_id = UUID()
    department_id = UUID()


class ReleaseAttachment(Table, tablename="release_attachments", db=DB):
    """A file attached to a release now; the original is in the object store under ``object_key``."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    name = Text()
    content_type = Text()
    size = BigInt()
    sha256 = Varchar(length=64)
    object_key = Text()
    added_by_person_id = UUID()
    created_at = Timestamptz()
