"""Identity queries."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.identity.types import ViewerType
from fabu.graphql.permissions import requires


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="当前登录用户 / who is calling", extensions=requires())
    def viewer(self, info: Info) -> ViewerType:
        assert info.context.viewer is not None
        return ViewerType.from_viewer(info.context.viewer)
