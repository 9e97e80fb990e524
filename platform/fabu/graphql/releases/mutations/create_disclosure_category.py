"""createDisclosureCategory: a tenant admin adds a category to the disclosure catalogue (信息公开目录)."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.loaders import loader
from fabu.graphql.permissions import requires
from fabu.graphql.releases.category_type import DisclosureCategoryType
from fabu.graphql.releases.dataloaders import DisclosureCategoryByIdLoader
from fabu.releases import categories
from fabu.tenancy.roles import Role


@strawberry.input
class CreateDisclosureCategoryInput:
    code: str
    name: str
    parent_id: relay.GlobalID | None = None


@strawberry.type
class CreateDisclosureCategoryPayload:
    category: DisclosureCategoryType | None
    errors: list[UserError]


@strawberry.mutation(description="新建信息公开目录类别 / add a disclosure category", extensions=requires(Role.TENANT_ADMIN))
async def create_disclosure_category(info: Info, input: CreateDisclosureCategoryInput) -> CreateDisclosureCategoryPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> DisclosureCategoryType:
        parent = decode_id(input.parent_id, DisclosureCategoryType, "parentId")
        category_id = await categories.create_category(viewer.tenant_id, input.code, input.name, parent)
        row = await loader(info, DisclosureCategoryByIdLoader).load(category_id)
        assert row is not None
        return DisclosureCategoryType.from_row(row)

    outcome = await mutate(info, "releases.create_disclosure_category", input, work, lambda c: ("DisclosureCategory", c.id))
    return CreateDisclosureCategoryPayload(category=outcome.value, errors=outcome.errors)
