"""Tenancy tables: units (tenants), their department tree, people, memberships and leadership."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class Tenant(Table, tablename="tenants", db=DB):
    """A government unit (机关单位) using Fabu."""

    id = UUID(primary_key=True)
    code = Varchar(length=64)
    name = Text()
    name_en = Text(default="")
    created_at = Timestamptz()


class Department(Table, tablename="departments", db=DB):
    """A department of a unit; ``parent_id`` makes the tree, ``is_office`` marks the office (办公室)."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    parent_id = UUID(null=True)
    code = Varchar(length=64)
    name = Text()
    is_office = Boolean(default=False)
    created_at = Timestamptz()


class Person(Table, tablename="people", db=DB):
    """Somebody working in a unit."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    name = Text()
    title = Text(default="")
    email = Text(default="")
    active = Boolean(default=True)
    created_at = Timestamptz()


class Membership(Table, tablename="memberships", db=DB):
    """A person holding a role in a department."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    person_id = UUID()
    department_id = UUID()
    role = Varchar(length=32)
    created_at = Timestamptz()


class Leadership(Table, tablename="leadership", db=DB):
    """A supervising leader of a department, or the unit's principal leader (no department)."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    person_id = UUID()
    kind = Varchar(length=16)
    department_id = UUID(null=True)
    created_at = Timestamptz()
