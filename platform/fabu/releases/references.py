"""The departments and category a release names must exist in the unit (another unit's are invisible)."""

from __future__ import annotations

from fabu.db.engine import DB
from fabu.errors import FabuError, FabuErrors, not_found
from fabu.releases.content import ReleaseFields


async def check_references(fields: ReleaseFields) -> None:
    """Raise ``FabuErrors`` for every department or category that does not exist in this unit."""
    departments = {fields.lead_department_id, *fields.co_department_ids}
    rows = await DB.fetch("select id from departments where id = any($1::uuid[])", list(departments))
    found = {row["id"] for row in rows}
    errors: list[FabuError] = []
    if fields.lead_department_id not in found:
        errors.append(not_found("牵头部门", "lead department", field="leadDepartmentId"))
    if any(department not in found for department in fields.co_department_ids):
        errors.append(not_found("会签部门", "co-department", field="coDepartmentIds"))
    if fields.category_id is not None and (
        await DB.fetchrow("select 1 from disclosure_categories where id = $1", fields.category_id) is None
    ):
        errors.append(not_found("信息公开目录类别", "disclosure category", field="categoryId"))
    if errors:
        raise FabuErrors(errors)
