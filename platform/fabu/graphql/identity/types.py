"""GraphQL types of the identity domain."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.graphql.tenancy.dataloaders import MembershipsByPersonIdLoader, PersonByIdLoader
from fabu.graphql.tenancy.types import MembershipType, PersonType, RoleEnum
from fabu.identity.viewer import Viewer
from fabu.tenancy.roles import Role


@strawberry.type(name="Viewer", description="当前登录用户 / the authenticated caller")
class ViewerType:
    username: str
    name: str
    roles: list[RoleEnum]  # type: ignore[valid-type]
    via_api_token: bool
    person_uuid: strawberry.Private[UUID]

    @classmethod
    def from_viewer(cls, viewer: Viewer) -> ViewerType:
        return cls(
            username=viewer.username,
            name=viewer.name,
            roles=sorted(viewer.roles, key=lambda role: list(Role).index(role)),
            via_api_token=viewer.api_token_id is not None,
            person_uuid=viewer.person_id,
        )

    @strawberry.field
    async def person(self, info: Info) -> PersonType:
        row = await loader(info, PersonByIdLoader).load(self.person_uuid)
        assert row is not None
        return PersonType.from_row(row)

    @strawberry.field
    async def memberships(self, info: Info) -> list[MembershipType]:
        rows = await loader(info, MembershipsByPersonIdLoader).load(self.person_uuid)
        return [MembershipType.from_row(row) for row in rows]


@strawberry.type(description="登录令牌 / tokens issued by login or refresh")
class AuthTokens:
    access_token: str
    refresh_token: str
    expires_in: int = strawberry.field(description="访问令牌有效秒数 / seconds the access token stays valid")
    token_type: str = "Bearer"


@strawberry.type(description="API 令牌 / an API token for integrations")
class ApiTokenType:
    id: strawberry.ID
    name: str
    expires_at: datetime | None
