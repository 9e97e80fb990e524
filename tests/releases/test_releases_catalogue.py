"""The disclosure catalogue (信息公开目录): administrators build it, everyone files releases under it."""

from __future__ import annotations

from factories import GraphQLClient, UnitFactory
from releases.releases_support import CREATE_CATEGORY

CATEGORIES = "{ disclosureCategories(first: 100) { nodes { code name parent { code } children { code } } } }"


async def test_an_admin_builds_a_catalogue_tree_that_everyone_can_list(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    admin = await units.token(unit, "admin")
    drafter = await units.token(unit, "drafter")

    root = await gql.data(CREATE_CATEGORY, {"input": {"code": "01", "name": "机构职能"}}, token=admin)
    parent_id = root["createDisclosureCategory"]["category"]["id"]
    child = await gql.data(CREATE_CATEGORY, {"input": {"code": "01.02", "name": "领导信息", "parentId": parent_id}}, token=admin)
    listed = await gql.data(CATEGORIES, token=drafter)

    assert child["createDisclosureCategory"] == {
        "category": {"id": child["createDisclosureCategory"]["category"]["id"], "code": "01.02", "name": "领导信息", "parent": {"code": "01"}},
        "errors": [],
    }
    assert listed["disclosureCategories"]["nodes"] == [
        {"code": "01", "name": "机构职能", "parent": None, "children": [{"code": "01.02"}]},
        {"code": "01.02", "name": "领导信息", "parent": {"code": "01"}, "children": []},
    ]


async def test_category_codes_are_unique_and_well_formed_and_names_required(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    admin = await units.token(unit, "admin")
    await gql.data(CREATE_CATEGORY, {"input": {"code": "02", "name": "政策文件"}}, token=admin)

    duplicate = await gql.data(CREATE_CATEGORY, {"input": {"code": "02", "name": "重复"}}, token=admin)
    malformed = await gql.data(CREATE_CATEGORY, {"input": {"code": "0 2", "name": "空格"}}, token=admin)
    unnamed = await gql.data(CREATE_CATEGORY, {"input": {"code": "03", "name": " "}}, token=admin)

    assert (duplicate["createDisclosureCategory"]["errors"][0]["code"]) == "DUPLICATE"
    assert (malformed["createDisclosureCategory"]["errors"][0]["field"]) == "code"
    assert (unnamed["createDisclosureCategory"]["errors"][0]["field"], unnamed["createDisclosureCategory"]["errors"][0]["code"]) == (
        "name",
        "REQUIRED",
    )


async def test_only_administrators_create_categories(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafter = await units.token(unit, "drafter")

    body = await gql(CREATE_CATEGORY, {"input": {"code": "04", "name": "采编自建"}}, token=drafter)

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
