"""From actor specs ("the lead department's reviewer") to task assignees, and who may act on a task.

A task is assigned either to a person (a leader), to a role in a department, or to a role anywhere
in the unit (no department); any holder of the role may act. Delegation (职务代理) lets a deputy act where the principal could, recorded as "on behalf of".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.tenancy.roles import Role
from fabu.workflow.definition import ActorKind, ActorSpec, DepartmentRef
from fabu.workflow.delegation import principals_of
from fabu.workflow.errors import WorkflowErrorCode


@dataclass(frozen=True)
class Assignee:
    """One task's assignee: a person, or a role within a department."""

    person_id: UUID | None = None
    role: Role | None = None
    department_id: UUID | None = None


@dataclass(frozen=True)
class Placement:
    """Where the release sits in the unit: the departments actor specs are relative to."""

    lead: UUID
    co: tuple[UUID, ...]


async def office_department() -> UUID:
    row = await DB.fetchrow("select id from departments where is_office order by code limit 1")
    if row is None:
        raise FabuError(
            WorkflowErrorCode.NO_ACTOR_AVAILABLE, "本单位未设办公室", "the unit has no office department", field=None
        )
    return UUID(str(row["id"]))


async def _departments(ref: DepartmentRef, placement: Placement, only: UUID | None) -> list[UUID]:
    if ref is DepartmentRef.LEAD:
        return [placement.lead]
    if ref is DepartmentRef.CO:
        return [only] if only else list(placement.co)
    return [await office_department()]


async def assignees(spec: ActorSpec, placement: Placement, *, department: UUID | None = None) -> list[Assignee]:
    """The assignees ``spec`` names for this release (``department`` narrows ``co`` to one co-department)."""
    if spec.kind is ActorKind.UNIT_ROLE:
        assert spec.role is not None
        return [Assignee(role=spec.role)]
    if spec.kind in (ActorKind.ROLE_IN_DEPARTMENT, ActorKind.OFFICE_ROLE):
        assert spec.role is not None
        ref = spec.department or DepartmentRef.OFFICE
        return [Assignee(role=spec.role, department_id=d) for d in await _departments(ref, placement, department)]
    if spec.kind is ActorKind.SUPERVISING_LEADER_OF:
        assert spec.department is not None
        found = []
        for department_id in await _departments(spec.department, placement, department):
            row = await DB.fetchrow(
                "select person_id from leadership where kind = 'supervising' and department_id = $1", department_id
            )
            if row is None:
                raise _nobody("分管领导", "supervising leader")
            found.append(Assignee(person_id=row["person_id"]))
        return found
    if spec.kind is ActorKind.PRINCIPAL_LEADER:
        row = await DB.fetchrow("select person_id from leadership where kind = 'principal'")
        if row is None:
            raise _nobody("主要领导", "principal leader")
        return [Assignee(person_id=row["person_id"])]
    raise ValueError(f"matrix approvers are resolved level by level, not as one spec: {spec}")


def _nobody(zh: str, en: str) -> FabuError:
    return FabuError(
        WorkflowErrorCode.NO_ACTOR_AVAILABLE,
        f"本单位未设置{zh}，无法分派",
        f"the unit has no {en} to assign this to",
        field=None,
    )


async def people_for(task: dict[str, Any]) -> list[UUID]:
    """Everybody who may act on ``task`` right now (for notifications), deputies included."""
    if task["assignee_person_id"] is not None:
        holders = [task["assignee_person_id"]]
    else:
        rows = await DB.fetch(
            """select distinct person_id from memberships where ($1::uuid is null or department_id = $1) and role = $2""",
            task["assignee_department_id"],
            task["assignee_role"],
        )
        holders = [row["person_id"] for row in rows]
    deputies = await DB.fetch(
        """select deputy_person_id from delegations where principal_person_id = any($1::uuid[])
           and revoked_at is null and now() >= starts_at and now() < ends_at""",
        holders,
    )
    return holders + [row["deputy_person_id"] for row in deputies]


async def _holds(task: dict[str, Any], person_id: UUID) -> bool:
    if task["assignee_person_id"] is not None:
        return bool(task["assignee_person_id"] == person_id)
    row = await DB.fetchrow(
        "select 1 from memberships where person_id = $1 and ($2::uuid is null or department_id = $2) and role = $3 limit 1",
        person_id,
        task["assignee_department_id"],
        task["assignee_role"],
    )
    return row is not None


async def acting_capacity(task: dict[str, Any], person_id: UUID) -> UUID | None:
    """None when ``person_id`` acts in their own right; the principal's id when acting as a deputy.

    Raises ``NOT_AN_ACTOR`` when the person may not act on the task at all.
    """
    if await _holds(task, person_id):
        return None
    for principal in await principals_of(person_id):
        if await _holds(task, principal):
            return principal
    raise FabuError(
        WorkflowErrorCode.NOT_AN_ACTOR,
        "您不是当前环节的办理人",
        "you are not among those who act at this stage",
        field="releaseId",
    )
