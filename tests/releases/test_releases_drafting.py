"""Drafting a release through GraphQL: create, edit, versions, and the rules a save must pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.tenancy import services
from fabu.tenancy.roles import Role
from factories import GraphQLClient, UnitFactory
from releases.releases_support import CREATE_CATEGORY, RELEASES, Drafting, department, gid

SOURCE = {"claim": "全市新增就业 12.3 万人", "sourceTitle": "市统计局 2026 年统计公报", "sourceUrl": "https://tjj.example.gov.cn/gb"}


async def _drafting(gql: GraphQLClient, units: UnitFactory, username: str = "drafter") -> Drafting:
    unit = await units.create()
    return Drafting(gql, unit, await units.token(unit, username))


async def test_a_drafter_creates_a_release_as_version_1_with_every_field(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)
    admin = await units.token(drafting.unit, "admin")
    category = await gql.data(CREATE_CATEGORY, {"input": {"code": "0101", "name": "政策解读"}}, token=admin)
    category_id = category["createDisclosureCategory"]["category"]["id"]
    scheduled = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)

    release = await drafting.created(
        summary="春季防汛部署",
        bodyHtml="<h2>总体要求</h2><p>各单位要<strong>高度重视</strong>。</p>",
        categoryId=category_id,
        importance="IMPORTANT",
        sensitivity="SENSITIVE",
        coDepartmentIds=[department(drafting.unit, "planning"), department(drafting.unit, "legal")],
        sources=[SOURCE],
        channels=["portal", "wechat"],
        scheduledAt=scheduled.isoformat(),
    )

    assert release["currentVersionNumber"] == 1
    assert release["currentVersion"]["number"] == 1
    assert release["currentVersion"]["kind"] == "CREATED"
    assert len(release["currentVersion"]["sha256"]) == 64
    assert release["lockVersion"] == 1
    assert release["workflowState"] == "draft"
    assert release["importance"] == "IMPORTANT"
    assert release["importanceLabel"] == "重要 / important"
    assert release["sensitivityLabel"] == "敏感 / sensitive"
    assert release["category"]["name"] == "政策解读"
    assert release["leadDepartment"]["code"] == "policy"
    assert sorted(d["code"] for d in release["coDepartments"]) == ["legal", "planning"]
    assert release["sources"] == [{**SOURCE, "documentReference": ""}]
    assert release["channels"] == ["portal", "wechat"]
    assert datetime.fromisoformat(release["scheduledAt"]) == scheduled
    assert release["createdBy"]["name"] == release["lastEditedBy"]["name"] == "drafter-姓名"


async def test_each_save_makes_a_new_numbered_version_and_needs_the_current_lock_version(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    drafting = await _drafting(gql, units)
    v1 = await drafting.created(bodyHtml="<p>第一稿。</p>")

    v2 = await drafting.updated(v1, bodyHtml="<p>第二稿。</p>")
    v3 = await drafting.updated(v2, title="关于做好春季防汛工作的补充通知")
    stale = await drafting.update(v2, summary="基于旧版本的修改")

    assert [v["currentVersionNumber"] for v in (v1, v2, v3)] == [1, 2, 3]
    assert [v["lockVersion"] for v in (v1, v2, v3)] == [1, 2, 3]
    assert v3["bodyHtml"] == "<p>第二稿。</p>"
    assert stale["release"] is None
    assert stale["errors"][0]["code"] == "CONFLICT"
    assert stale["errors"][0]["field"] == "expectedVersion"
    assert "已被他人修改" in stale["errors"][0]["message"]
    current = await drafting.node(v1["id"])
    assert current is not None
    assert (current["currentVersionNumber"], current["summary"]) == (3, "")


async def test_versions_are_listed_and_fetched_by_number_with_their_authors(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)
    release = await drafting.created(bodyHtml="<p>一</p>")
    await drafting.updated(release, bodyHtml="<p>二</p>")

    data = await gql.data(
        """query($id: ID!) { node(id: $id) { ... on Release {
             versions { number title bodyHtml sha256 author { name } }
             version(number: 1) { bodyHtml } missing: version(number: 9) { number } } } }""",
        {"id": release["id"]},
        token=drafting.token,
    )

    node = data["node"]
    assert [(v["number"], v["bodyHtml"]) for v in node["versions"]] == [(1, "<p>一</p>"), (2, "<p>二</p>")]
    assert node["versions"][0]["sha256"] != node["versions"][1]["sha256"]
    assert {v["author"]["name"] for v in node["versions"]} == {"drafter-姓名"}
    assert node["version"]["bodyHtml"] == "<p>一</p>"
    assert node["missing"] is None


async def test_saving_unchanged_content_makes_no_new_version(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)
    release = await drafting.created(bodyHtml="<p>正文</p>")

    again = await drafting.updated(release, bodyHtml="<p>正文</p>", title=release["title"])

    assert again["currentVersionNumber"] == 1
    assert again["lockVersion"] == 1


async def test_a_scheduled_time_in_the_past_or_without_timezone_is_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)

    past = await drafting.create(scheduledAt=(datetime.now(UTC) - timedelta(minutes=5)).isoformat())
    naive = await drafting.create(scheduledAt="2099-01-01T09:00:00")

    assert past["release"] is None
    assert (past["errors"][0]["field"], past["errors"][0]["code"]) == ("scheduledAt", "SCHEDULE_IN_PAST")
    assert (naive["errors"][0]["field"], naive["errors"][0]["code"]) == ("scheduledAt", "TIMEZONE_REQUIRED")


async def test_the_lead_department_cannot_also_be_a_co_department(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)

    payload = await drafting.create(coDepartmentIds=[department(drafting.unit, "policy")])

    assert payload["release"] is None
    assert payload["errors"][0]["field"] == "coDepartmentIds"
    assert payload["errors"][0]["code"] == "LEAD_AS_CO_DEPARTMENT"


async def test_an_unknown_category_is_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)

    payload = await drafting.create(categoryId=gid("DisclosureCategory", "00000000-0000-4000-8000-000000000000"))
    wrong_type = await drafting.create(categoryId=department(drafting.unit))

    assert payload["errors"] == [
        {
            "field": "categoryId", "code": "NOT_FOUND", "message": "信息公开目录类别不存在 / disclosure category not found",
            "messageZh": "信息公开目录类别不存在", "messageEn": "disclosure category not found",
        }
    ]  # fmt: skip
    assert (wrong_type["errors"][0]["field"], wrong_type["errors"][0]["code"]) == ("categoryId", "INVALID")


async def test_drafting_for_a_department_you_do_not_draft_for_is_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)

    payload = await drafting.create(leadDepartmentId=department(drafting.unit, "planning"))
    listed = await gql.data(RELEASES, token=drafting.token)

    assert payload["release"] is None
    assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == ("leadDepartmentId", "FORBIDDEN")
    assert listed["releases"]["nodes"] == []


async def test_only_drafters_may_create_releases(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units, "reviewer")

    body = await gql(
        "mutation($input: CreateReleaseInput!) { createRelease(input: $input) { errors { code } } }",
        {"input": {"title": "标题", "leadDepartmentId": department(drafting.unit)}},
        token=drafting.token,
    )

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_other_departments_may_not_edit_but_drafters_of_the_lead_department_may(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create({"drafter": ("policy", []), "colleague": ("policy", []), "planner": ("planning", [])})
    async with tenant_transaction(unit.id):
        for username, code in (("drafter", "policy"), ("colleague", "policy"), ("planner", "planning")):
            await services.add_membership(unit.id, unit.people[username], unit.departments[code], Role.DRAFTER)
    author = Drafting(gql, unit, await units.token(unit, "drafter"))
    colleague = Drafting(gql, unit, await units.token(unit, "colleague"))
    outsider = Drafting(gql, unit, await units.token(unit, "planner"))
    release = await author.created()

    refused = await outsider.update(release, title="外部门的修改")
    edited = await colleague.updated(release, title="同部门同事的修改")

    assert (refused["release"], refused["errors"][0]["code"]) == (None, "FORBIDDEN")
    assert edited["title"] == "同部门同事的修改"
    assert edited["lastEditedBy"]["name"] == "colleague-姓名"
    assert edited["createdBy"]["name"] == "drafter-姓名"


async def test_sources_need_a_claim_a_title_and_a_safe_url_or_a_reference(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)

    payload = await drafting.create(
        sources=[
            {"claim": "引用一", "sourceTitle": "国务院令第 711 号", "documentReference": "国令第711号"},
            {"claim": "", "sourceTitle": "某报告", "sourceUrl": "https://example.gov.cn"},
            {"claim": "引用三", "sourceTitle": "某网站", "sourceUrl": "javascript:alert(1)"},
            {"claim": "引用四", "sourceTitle": "无出处"},
        ]
    )

    fields = sorted((e["field"], e["code"]) for e in payload["errors"])
    assert fields == [
        ("sources[1].claim", "REQUIRED"), ("sources[2].sourceUrl", "UNSAFE_URL"), ("sources[3].sourceUrl", "REQUIRED"),
    ]  # fmt: skip


async def test_releases_are_listed_newest_first_and_filtered_by_state_and_department(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    drafting = await _drafting(gql, units)
    first = await drafting.created(title="第一篇")
    second = await drafting.created(title="第二篇", coDepartmentIds=[department(drafting.unit, "planning")])

    everything = await gql.data(RELEASES, token=drafting.token)
    drafts = await gql.data(RELEASES, {"state": "draft"}, token=drafting.token)
    approved = await gql.data(RELEASES, {"state": "approved"}, token=drafting.token)
    planning = await gql.data(RELEASES, {"departmentId": department(drafting.unit, "planning")}, token=drafting.token)

    assert [r["id"] for r in everything["releases"]["nodes"]] == [second["id"], first["id"]]
    assert len(drafts["releases"]["nodes"]) == 2
    assert approved["releases"]["nodes"] == []
    assert [r["title"] for r in planning["releases"]["nodes"]] == ["第二篇"]


async def test_listing_releases_loads_each_relation_once_however_many_releases(gql: GraphQLClient, units: UnitFactory) -> None:
    drafting = await _drafting(gql, units)
    query = """{ releases(first: 50) { nodes { title leadDepartment { name } coDepartments { name } category { name }
        attachments { name } createdBy { name } lastEditedBy { name } currentVersion { number author { name } }
        versions { number } } } }"""

    async def statements() -> int:
        before = DB.statement_count
        await gql.data(query, token=drafting.token)
        return DB.statement_count - before

    await drafting.created(coDepartmentIds=[department(drafting.unit, "legal")])
    with_one = await statements()
    for _ in range(4):
        await drafting.created(coDepartmentIds=[department(drafting.unit, "planning")])
    with_five = await statements()

    assert with_five == with_one
