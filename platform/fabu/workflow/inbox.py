"""What waits for a person: open tasks assigned to them, to a role they hold, or to someone they deputise for."""

from __future__ import annotations

from uuid import UUID

from fabu.workflow.delegation import principals_of


async def acting_for(person_id: UUID) -> list[UUID]:
    """The person and everybody they may act for right now."""
    return [person_id, *await principals_of(person_id)]


INBOX_TASKS = """(
    select t.*, r.title as release_title, to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created_key
    from workflow_tasks t join releases r on r.tenant_id = t.tenant_id and r.id = t.release_id
    where t.status = 'open' and (
        t.assignee_person_id = any($1::uuid[])
        or exists (select 1 from memberships m where m.person_id = any($1::uuid[])
                   and (t.assignee_department_id is null or m.department_id = t.assignee_department_id)
                   and m.role = t.assignee_role))
) inbox"""
"""The inbox as a relation over $1 (the people the viewer acts as); page it by ``created_key``."""
