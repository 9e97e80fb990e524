"""The authenticated caller of a request, with the roles it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from fabu.tenancy.roles import Role


@dataclass(frozen=True)
class Viewer:
    """A person of a unit, authenticated by a login session or an API token."""

    tenant_id: UUID
    account_id: UUID
    person_id: UUID
    username: str
    name: str
    session_id: UUID | None = None
    api_token_id: UUID | None = None
    memberships: frozenset[tuple[UUID, Role]] = field(default_factory=frozenset)

    def has_role(self, role: Role, department_id: UUID | None = None) -> bool:
        """Whether the viewer holds ``role`` (in ``department_id`` when given)."""
        return any(r == role and (department_id is None or d == department_id) for d, r in self.memberships)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for _, role in self.memberships)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.username})"
