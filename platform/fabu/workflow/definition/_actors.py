"""Who acts: actor specifications relative to the release, and the approving levels of the authority matrix.

An ``ActorSpec`` names a group of people by their place relative to the release, never by name;
the runtime turns it into people from the unit's departments, memberships and leadership:

==========================  =====================  ==================================================
kind                        fields                 means
==========================  =====================  ==================================================
``role_in_department``      ``role``,              people holding ``role`` in the lead department
                            ``department``         (``lead``), or in each co-department (``co``)
``office_role``             ``role``               people holding ``role`` in the office (办公室)
``unit_role``               ``role``               people holding ``role`` in any department of the unit
                                                   (e.g. its publishers, wherever they sit)
``supervising_leader_of``   ``department``         the supervising leader (分管领导) of the lead
                                                   department, of each co-department, or of the office
``principal_leader``        —                      the unit's principal leader (主要领导)
``matrix_approvers``        ``approvers``          the approvers the authority matrix requires, in
                                                   order; only in a resolved route, never in a template
==========================  =====================  ==================================================
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator

from fabu.tenancy.roles import Role
from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._pydantic_errors import custom_error

WORKFLOW_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.LEADER, Role.PUBLISHER})
"""The roles that may act in a workflow (administrators and auditors never do)."""


class ActorKind(StrEnum):
    ROLE_IN_DEPARTMENT = "role_in_department"
    OFFICE_ROLE = "office_role"
    UNIT_ROLE = "unit_role"
    SUPERVISING_LEADER_OF = "supervising_leader_of"
    PRINCIPAL_LEADER = "principal_leader"
    MATRIX_APPROVERS = "matrix_approvers"


class DepartmentRef(StrEnum):
    """A department relative to the release: its lead department, each co-department, or the office."""

    LEAD = "lead"
    CO = "co"
    OFFICE = "office"

    @property
    def label_zh(self) -> str:
        return {"lead": "主办部门", "co": "各会签部门", "office": "办公室"}[self.value]

    @property
    def label_en(self) -> str:
        return {"lead": "the lead department", "co": "every co-department", "office": "the office"}[self.value]


class ApproverLevel(StrEnum):
    """An approving level of the authority matrix, lowest first."""

    DEPARTMENT_HEAD = "department_head"
    SUPERVISING_LEADER = "supervising_leader"
    PRINCIPAL_LEADER = "principal_leader"

    @property
    def rank(self) -> int:
        return tuple(ApproverLevel).index(self)

    @property
    def label_zh(self) -> str:
        return {"department_head": "部门负责人", "supervising_leader": "分管领导", "principal_leader": "主要领导"}[
            self.value
        ]

    @property
    def label_en(self) -> str:
        return {
            "department_head": "department head",
            "supervising_leader": "supervising leader",
            "principal_leader": "principal leader",
        }[self.value]

    @property
    def actor(self) -> ActorSpec:
        """Who approves at this level: the lead department's reviewer (its head), its supervising leader, the principal leader."""
        if self is ApproverLevel.DEPARTMENT_HEAD:
            return ActorSpec.in_department(Role.DEPARTMENT_REVIEWER, DepartmentRef.LEAD)
        if self is ApproverLevel.SUPERVISING_LEADER:
            return ActorSpec.supervising_leader_of(DepartmentRef.LEAD)
        return ActorSpec.principal_leader()


class ActorSpec(BaseModel):
    """A group of people, named relative to the release (see the module's table)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ActorKind
    role: Role | None = None
    department: DepartmentRef | None = None
    approvers: tuple[ApproverLevel, ...] = ()

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> ActorSpec:
        needs_role = self.kind in (ActorKind.ROLE_IN_DEPARTMENT, ActorKind.OFFICE_ROLE, ActorKind.UNIT_ROLE)
        needs_department = self.kind in (ActorKind.ROLE_IN_DEPARTMENT, ActorKind.SUPERVISING_LEADER_OF)
        if needs_role != (self.role is not None):
            raise _shape(self.kind, "role", needs_role)
        if needs_department != (self.department is not None):
            raise _shape(self.kind, "department", needs_department)
        if self.approvers and self.kind is not ActorKind.MATRIX_APPROVERS:
            raise _shape(self.kind, "approvers", False)
        if self.kind is ActorKind.ROLE_IN_DEPARTMENT and self.department is DepartmentRef.OFFICE:
            raise custom_error(
                ProblemCode.ACTOR_SHAPE,
                "办公室的人员请写 {kind: office_role, role: ...}",
                "name people of the office with {kind: office_role, role: ...}",
            )
        return self

    @classmethod
    def in_department(cls, role: Role, department: DepartmentRef) -> ActorSpec:
        return cls(kind=ActorKind.ROLE_IN_DEPARTMENT, role=role, department=department)

    @classmethod
    def in_office(cls, role: Role) -> ActorSpec:
        return cls(kind=ActorKind.OFFICE_ROLE, role=role)

    @classmethod
    def in_unit(cls, role: Role) -> ActorSpec:
        return cls(kind=ActorKind.UNIT_ROLE, role=role)

    @classmethod
    def supervising_leader_of(cls, department: DepartmentRef) -> ActorSpec:
        return cls(kind=ActorKind.SUPERVISING_LEADER_OF, department=department)

    @classmethod
    def principal_leader(cls) -> ActorSpec:
        return cls(kind=ActorKind.PRINCIPAL_LEADER)

    @classmethod
    def matrix_approvers(cls, approvers: tuple[ApproverLevel, ...] = ()) -> ActorSpec:
        return cls(kind=ActorKind.MATRIX_APPROVERS, approvers=approvers)

    def describe(self) -> tuple[str, str]:
        """In words: ``("主办部门的部门审核人", "the lead department's department reviewer")``."""
        if self.kind is ActorKind.ROLE_IN_DEPARTMENT:
            assert self.role is not None
            assert self.department is not None
            owner_en = (
                "every co-department's" if self.department is DepartmentRef.CO else f"{self.department.label_en}'s"
            )
            return f"{self.department.label_zh}的{self.role.label_zh}", f"{owner_en} {self.role.label_en}"
        if self.kind is ActorKind.OFFICE_ROLE:
            assert self.role is not None
            return f"办公室的{self.role.label_zh}", f"the office's {self.role.label_en}"
        if self.kind is ActorKind.UNIT_ROLE:
            assert self.role is not None
            return f"本单位的{self.role.label_zh}", f"any {self.role.label_en} of the unit"
        if self.kind is ActorKind.SUPERVISING_LEADER_OF:
            assert self.department is not None
            return f"{self.department.label_zh}的分管领导", f"the supervising leader of {self.department.label_en}"
        if self.kind is ActorKind.PRINCIPAL_LEADER:
            return "主要领导", "the principal leader"
        if not self.approvers:
            return "审定权限矩阵规定的审定人", "the approvers the authority matrix requires"
        return (
            "审定人（依次）：" + " → ".join(level.label_zh for level in self.approvers),
            "approvers, in order: " + " → ".join(level.label_en for level in self.approvers),
        )


def _shape(kind: ActorKind, field: str, needed: bool) -> Exception:
    if needed:
        return custom_error(ProblemCode.ACTOR_SHAPE, f"{kind} 需要字段 {field}", f"{kind} needs {field}")
    return custom_error(ProblemCode.ACTOR_SHAPE, f"{kind} 不接受字段 {field}", f"{kind} takes no {field}")
