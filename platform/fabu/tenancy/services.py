"""Creating and changing a unit's structure: the unit, its departments, people, roles and leaders.

Every function runs in the caller's transaction, scoped to the tenant being changed.
"""

from __future__ import annotations

import re
import uuid
from uuid import UUID

from fabu.db.engine import DB
from fabu.db.session import switch_tenant
from fabu.errors import CommonErrorCode, FabuError, not_found
from fabu.tenancy.errors import TenancyErrorCode
from fabu.tenancy.roles import LeadershipKind, Role

CODE = re.compile(r"^[A-Za-z0-9_-]{2,64}$")


def _text(value: str, field: str, label_zh: str, label_en: str, max_length: int) -> str:
    value = value.strip()
    if not value:
        raise FabuError(CommonErrorCode.REQUIRED, f"{label_zh}不能为空", f"{label_en} is required", field=field)
    if len(value) > max_length:
        raise FabuError(
            CommonErrorCode.TOO_LONG,
            f"{label_zh}不能超过 {max_length} 个字符",
            f"{label_en} must be at most {max_length} characters",
            field=field,
        )
    return value


def _code(value: str, field: str = "code") -> str:
    value = value.strip()
    if not CODE.match(value):
        raise FabuError(
            TenancyErrorCode.INVALID_CODE,
            "代码须为 2-64 位字母、数字、下划线或连字符",
            "code must be 2-64 letters, digits, underscores or hyphens",
            field=field,
        )
    return value


async def create_tenant(code: str, name: str, name_en: str = "") -> UUID:
    """Register a unit and scope the current transaction to it. Platform operation."""
    code = _code(code)
    name = _text(name, "name", "单位名称", "unit name", 200)
    if (await DB.fetchrow("select tenant_id_by_code($1) as id", code) or {}).get("id"):
        raise FabuError(TenancyErrorCode.DUPLICATE_CODE, f"单位代码 {code} 已存在", f"unit code {code} already exists", field="code")
    # The app role may not insert into ``tenants``: the owner's narrow function creates the row.
    row = await DB.fetchrow("select platform_create_tenant($1, $2, $3) as id", code, name, name_en.strip())
    assert row is not None
    tenant_id: UUID = row["id"]
    await switch_tenant(tenant_id)
    return tenant_id


async def create_department(
    tenant_id: UUID, code: str, name: str, parent_id: UUID | None = None, is_office: bool = False
) -> UUID:
    code = _code(code)
    name = _text(name, "name", "部门名称", "department name", 200)
    if parent_id is not None and await DB.fetchrow("select 1 from departments where id = $1", parent_id) is None:
        raise not_found("上级部门", "parent department", field="parentId")
    if await DB.fetchrow("select 1 from departments where code = $1", code):
        raise FabuError(TenancyErrorCode.DUPLICATE_CODE, f"部门代码 {code} 已存在", f"department code {code} already exists", field="code")
    department_id = uuid.uuid4()
    await DB.fetch(
        "insert into departments (id, tenant_id, parent_id, code, name, is_office) values ($1, $2, $3, $4, $5, $6)",
        department_id,
        tenant_id,
        parent_id,
        code,
        name,
        is_office,
    )
    return department_id


async def move_department(department_id: UUID, parent_id: UUID | None) -> None:
    """Re-parent a department, refusing a move that would make the tree a cycle."""
    if parent_id is not None:
        ancestors = await DB.fetch(
            """with recursive up(id, parent_id) as (
                   select id, parent_id from departments where id = $1
                   union all select d.id, d.parent_id from departments d join up on d.id = up.parent_id)
               select id from up""",
            parent_id,
        )
        if not ancestors:
            raise not_found("上级部门", "parent department", field="parentId")
        if any(row["id"] == department_id for row in ancestors):
            raise FabuError(
                TenancyErrorCode.DEPARTMENT_CYCLE,
                "不能把部门移到它自己或其下级之下",
                "a department cannot be moved under itself or its descendants",
                field="parentId",
            )
    rows = await DB.fetch("update departments set parent_id = $2 where id = $1 returning id", department_id, parent_id)
    if not rows:
        raise not_found("部门", "department", field="departmentId")


async def create_person(tenant_id: UUID, name: str, title: str = "", email: str = "") -> UUID:
    name = _text(name, "name", "姓名", "name", 100)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email.strip()):
        raise FabuError(CommonErrorCode.INVALID, "电子邮箱格式不正确", "e-mail address is malformed", field="email")
    person_id = uuid.uuid4()
    await DB.fetch(
        "insert into people (id, tenant_id, name, title, email) values ($1, $2, $3, $4, $5)",
        person_id,
        tenant_id,
        name,
        title.strip()[:100],
        email.strip(),
    )
    return person_id


async def add_membership(tenant_id: UUID, person_id: UUID, department_id: UUID, role: Role) -> UUID:
    if await DB.fetchrow("select 1 from people where id = $1", person_id) is None:
        raise not_found("人员", "person", field="personId")
    if await DB.fetchrow("select 1 from departments where id = $1", department_id) is None:
        raise not_found("部门", "department", field="departmentId")
    rows = await DB.fetch(
        """insert into memberships (tenant_id, person_id, department_id, role) values ($1, $2, $3, $4)
           on conflict (tenant_id, person_id, department_id, role) do nothing returning id""",
        tenant_id,
        person_id,
        department_id,
        role.value,
    )
    if not rows:
        raise FabuError(CommonErrorCode.DUPLICATE, "此人在该部门已有此角色", "the person already holds this role here", field="role")
    return UUID(str(rows[0]["id"]))


async def set_leader(tenant_id: UUID, person_id: UUID, kind: LeadershipKind, department_id: UUID | None = None) -> None:
    """Make ``person_id`` the supervising leader of a department, or the unit's principal leader.

    A leader must be a member of the unit with the leader role somewhere; leadership of a unit
    by an outsider is a configuration mistake worth refusing.
    """
    if kind is LeadershipKind.SUPERVISING and department_id is None:
        raise FabuError(CommonErrorCode.REQUIRED, "分管领导须指定部门", "a supervising leader needs a department", field="departmentId")
    if kind is LeadershipKind.PRINCIPAL:
        department_id = None
    if await DB.fetchrow("select 1 from memberships where person_id = $1 and role = 'leader'", person_id) is None:
        raise FabuError(
            TenancyErrorCode.NOT_A_MEMBER,
            "该人员不是本单位的领导成员",
            "this person does not hold the leader role in the unit",
            field="personId",
        )
    if department_id is not None and await DB.fetchrow("select 1 from departments where id = $1", department_id) is None:
        raise not_found("部门", "department", field="departmentId")
    if kind is LeadershipKind.PRINCIPAL:
        await DB.fetch("delete from leadership where kind = 'principal'")
    else:
        await DB.fetch("delete from leadership where kind = 'supervising' and department_id = $1", department_id)
    await DB.fetch(
        "insert into leadership (tenant_id, person_id, kind, department_id) values ($1, $2, $3, $4)",
        tenant_id,
        person_id,
        kind.value,
        department_id,
    )
