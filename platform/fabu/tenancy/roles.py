"""The roles a person holds in a department, and the two kinds of leadership."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a membership lets a person do in its department."""

    TENANT_ADMIN = "tenant_admin"
    DRAFTER = "drafter"
    DEPARTMENT_REVIEWER = "department_reviewer"
    OFFICE_REVIEWER = "office_reviewer"
    LEADER = "leader"
    PUBLISHER = "publisher"
    AUDITOR = "auditor"

    @property
    def label_zh(self) -> str:
        return _ROLE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _ROLE_LABELS[self][1]


_ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.TENANT_ADMIN: ("单位管理员", "tenant administrator"),
    Role.DRAFTER: ("采编人员", "drafter"),
    Role.DEPARTMENT_REVIEWER: ("部门审核人", "department reviewer"),
    Role.OFFICE_REVIEWER: ("办公室复审人", "office reviewer"),
    Role.LEADER: ("领导", "leader"),
    Role.PUBLISHER: ("发布人员", "publisher"),
    Role.AUDITOR: ("审计人员", "auditor"),
}


class LeadershipKind(StrEnum):
    """The supervising leader (分管领导) of a department, or the principal leader (主要领导) of the unit."""

    SUPERVISING = "supervising"
    PRINCIPAL = "principal"
