"""The tenancy domain: units, their department tree, people, roles and leaders."""

from fabu.tenancy.roles import LeadershipKind, Role

__all__ = ["LeadershipKind", "Role"]
