"""Another unit's releases, departments, categories and attachments are unreachable through every door."""

from __future__ import annotations

from factories import GraphQLClient, UnitFactory
from releases.releases_support import CREATE_CATEGORY, RELEASES, REMOVE_ATTACHMENT, Drafting, department


async def test_another_units_release_is_null_through_node_and_absent_from_lists(gql: GraphQLClient, units: UnitFactory) -> None:
    mine, theirs = await units.create(), await units.create()
    me = Drafting(gql, mine, await units.token(mine, "drafter"))
    them = Drafting(gql, theirs, await units.token(theirs, "drafter"))
    foreign = (await them.attach(await them.created(title="他单位的稿件"), "附件.pdf", b"%PDF-1.4\n"))["release"]
    versions = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Release { versions { id } } } }", {"id": foreign["id"]}, token=them.token
    )

    assert await them.node(foreign["id"]) is not None
    assert await me.node(foreign["id"]) is None
    for version in versions["node"]["versions"]:
        assert await me.node(version["id"]) is None
    assert await me.node(foreign["attachments"][0]["id"]) is None
    assert (await gql.data(RELEASES, token=me.token))["releases"]["nodes"] == []


async def test_updating_another_units_release_is_not_found_and_changes_nothing(gql: GraphQLClient, units: UnitFactory) -> None:
    mine, theirs = await units.create(), await units.create()
    me = Drafting(gql, mine, await units.token(mine, "drafter"))
    them = Drafting(gql, theirs, await units.token(theirs, "drafter"))
    foreign = await them.created(title="原标题")

    payload = await me.update(foreign, title="篡改")
    attachment = await them.attach(foreign, "a.pdf", b"%PDF-1.4\n")
    removal = await me.call(
        REMOVE_ATTACHMENT, "removeAttachment", {"id": attachment["attachment"]["id"], "expectedVersion": 2}
    )
    import_into = await me.import_docx(b"PK", releaseId=foreign["id"], expectedVersion=2)

    assert payload["release"] is None
    assert payload["errors"][0]["code"] == "NOT_FOUND"
    assert payload["errors"][0]["field"] == "id"
    assert removal["errors"][0]["code"] == "NOT_FOUND"
    assert import_into["errors"][0]["code"] == "NOT_FOUND"
    unchanged = await them.node(foreign["id"])
    assert unchanged is not None
    assert (unchanged["title"], unchanged["currentVersionNumber"], len(unchanged["attachments"])) == ("原标题", 2, 1)


async def test_another_units_departments_and_categories_are_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    mine, theirs = await units.create(), await units.create()
    me = Drafting(gql, mine, await units.token(mine, "drafter"))
    their_admin = await units.token(theirs, "admin")
    category = await gql.data(CREATE_CATEGORY, {"input": {"code": "01", "name": "他单位目录"}}, token=their_admin)
    foreign_category = category["createDisclosureCategory"]["category"]["id"]

    lead = await me.create(leadDepartmentId=department(theirs))
    co = await me.create(coDepartmentIds=[department(theirs, "planning")])
    filed = await me.create(categoryId=foreign_category)

    # Not being a drafter there is checked first; the department itself is invisible either way.
    assert (lead["errors"][0]["field"], lead["errors"][0]["code"]) == ("leadDepartmentId", "FORBIDDEN")
    assert (co["errors"][0]["field"], co["errors"][0]["code"]) == ("coDepartmentIds", "NOT_FOUND")
    assert (filed["errors"][0]["field"], filed["errors"][0]["code"]) == ("categoryId", "NOT_FOUND")
    assert (await gql.data(RELEASES, token=me.token))["releases"]["nodes"] == []
    categories = await gql.data("{ disclosureCategories { nodes { code } } }", token=me.token)
    assert categories["disclosureCategories"]["nodes"] == []


async def test_release_fields_and_mutations_need_authentication(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created()

    listed = await gql(RELEASES)
    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": release["id"]})
    created = await gql(
        "mutation($input: CreateReleaseInput!) { createRelease(input: $input) { errors { code } } }",
        {"input": {"title": "匿名", "leadDepartmentId": department(unit)}},
    )
    updated = await gql(
        "mutation($input: UpdateReleaseInput!) { updateRelease(input: $input) { errors { code } } }",
        {"input": {"id": release["id"], "expectedVersion": 1, "title": "匿名修改"}},
    )

    for body in (listed, node, created, updated):
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    current = await drafting.node(release["id"])
    assert current is not None
    assert current["title"] == release["title"]
