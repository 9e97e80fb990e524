"""Another unit's data is unreachable through every GraphQL door: lists, node(id), mutations."""

from __future__ import annotations

from strawberry.relay import to_base64

from factories import GraphQLClient, UnitFactory

NODE = "query($id: ID!) { node(id: $id) { id ... on Department { name } ... on Person { name } } }"


async def test_node_with_another_units_id_resolves_to_null(gql: GraphQLClient, units: UnitFactory) -> None:
    mine, theirs = await units.create(), await units.create()
    token = await units.token(mine, "drafter")

    own = await gql.data(NODE, {"id": to_base64("Department", str(mine.departments["policy"]))}, token=token)
    foreign_department = await gql.data(NODE, {"id": to_base64("Department", str(theirs.departments["policy"]))}, token=token)
    foreign_person = await gql.data(NODE, {"id": to_base64("Person", str(theirs.people["drafter"]))}, token=token)

    assert own["node"]["name"] == "政策法规科"
    assert foreign_department["node"] is None
    assert foreign_person["node"] is None


async def test_node_with_a_malformed_or_unknown_type_id_is_null_or_a_clear_error(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")

    malformed = await gql(NODE, {"id": to_base64("Department", "not-a-uuid")}, token=token)
    unknown_type = await gql(NODE, {"id": to_base64("Nope", "x")}, token=token)

    assert malformed["data"]["node"] is None
    assert unknown_type["errors"]


async def test_lists_show_only_the_viewers_unit(gql: GraphQLClient, units: UnitFactory) -> None:
    mine, _theirs = await units.create(), await units.create()
    token = await units.token(mine, "drafter")

    data = await gql.data("{ unit { code } departments(first: 100) { nodes { code } } people(first: 100) { nodes { name } } }", token=token)

    assert data["unit"]["code"] == mine.code
    assert sorted(d["code"] for d in data["departments"]["nodes"]) == ["legal", "office", "planning", "policy"]
    assert len(data["people"]["nodes"]) == len(mine.people)


async def test_a_mutation_naming_another_units_department_is_refused_and_changes_nothing(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    mine, theirs = await units.create(), await units.create()
    token = await units.token(mine, "admin")
    foreign_parent = to_base64("Department", str(theirs.departments["policy"]))

    data = await gql.data(
        "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } errors { field code } } }",
        {"input": {"code": "spy", "name": "间谍科", "parentId": foreign_parent}},
        token=token,
    )
    after = await gql.data("{ departments(first: 100) { nodes { code } } }", token=token)

    assert data["createDepartment"] == {"department": None, "errors": [{"field": "parentId", "code": "NOT_FOUND"}]}
    assert "spy" not in [d["code"] for d in after["departments"]["nodes"]]


async def test_concurrent_resolvers_in_one_request_share_the_tenant_transaction(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")
    aliases = " ".join(
        f"d{i}: departments(first: 10) {{ nodes {{ name children {{ name }} memberships {{ role person {{ name }} }} supervisingLeader {{ name }} }} }}"
        for i in range(8)
    )

    data = await gql.data(f"{{ {aliases} viewer {{ username person {{ name }} }} }}", token=token)

    assert all(len(data[f"d{i}"]["nodes"]) == 4 for i in range(8))
    assert data["viewer"]["username"] == "drafter"
