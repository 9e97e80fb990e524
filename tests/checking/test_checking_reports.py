"""Every save stores the check report of its version; checkReport shows it to the unit, and to no other unit."""

from __future__ import annotations

from uuid import UUID

from strawberry.relay import from_base64

from checking.checking_support import ADD_ENTRY, ENTRIES, LEAKED_MOBILE_BODY, REMOVE_ENTRY, check_report, finding
from fabu.checking import check_version
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from factories import GraphQLClient, UnitFactory
from workflow.workflow_support import Desk, make_workflow_unit

UPDATE = """mutation($input: UpdateReleaseInput!) { updateRelease(input: $input) {
    release { lockVersion currentVersion { number sha256 } } errors { field code message } } }"""
LOCK = "query($id: ID!) { node(id: $id) { ... on Release { lockVersion } } }"


async def test_every_save_stores_a_report_of_the_version_it_made(desk: Desk) -> None:
    release = await desk.create(title="关于举办2026年营商环境政策宣讲会的通知", bodyHtml=LEAKED_MOBILE_BODY)
    lock = (await desk.gql.data(LOCK, {"id": release["id"]}, token=await desk.token("drafter")))["node"]["lockVersion"]
    masked = LEAKED_MOBILE_BODY.replace("13912345678", "139****5678")
    updated = await desk.gql.data(
        UPDATE, {"input": {"id": release["id"], "expectedVersion": lock, "bodyHtml": masked}}, token=await desk.token("drafter")
    )
    assert updated["updateRelease"]["errors"] == []
    version_2 = updated["updateRelease"]["release"]["currentVersion"]

    async with tenant_transaction(desk.wu.unit.id):
        stored = await DB.fetch(
            "select version_number, version_sha256, blocking_count from check_reports where release_id = $1 order by version_number",
            UUID(from_base64(release["id"])[1]),
        )
    assert [(r["version_number"], r["blocking_count"]) for r in stored] == [(1, 1), (2, 0)]
    assert stored[1]["version_sha256"] == version_2["sha256"]

    first = await check_report(desk, release["id"], version=1)
    mobile = finding(first, "mobile_number")
    body = next(t["text"] for t in first["texts"] if t["field"] == "body")
    assert body[mobile["start"] : mobile["end"]] == "13912345678", "offsets index the plain text a UI highlights"
    assert mobile["suggestion"] == "139****5678"
    assert "手机号码" in mobile["message"]
    assert "mobile number" in mobile["message"]
    current = await check_report(desk, release["id"])
    assert (current["versionNumber"], current["passed"], current["blockingCount"]) == (2, True, 0)


async def test_a_units_lexicon_entry_takes_effect_there_and_is_invisible_to_other_units(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    ours, theirs = Desk(gql, units, await make_workflow_unit(units)), Desk(gql, units, await make_workflow_unit(units))
    added = await gql.data(
        ADD_ENTRY,
        {"input": {"term": "招商引资大会战", "kind": "WRONG_EXPRESSION", "severity": "BLOCKING",
                   "correction": "招商引资专项行动", "note": "本单位统一规范表述。"}},
        token=await ours.token("admin"),
    )  # fmt: skip
    assert added["addLexiconEntry"]["errors"] == []
    entry = added["addLexiconEntry"]["entry"]
    body = "<p>全区上下掀起招商引资大会战热潮，一季度签约项目32个。</p>"

    mine = await ours.create(title="一季度招商引资工作取得新进展", bodyHtml=body)
    other = await theirs.create(title="一季度招商引资工作取得新进展", bodyHtml=body)

    wrong = finding(await check_report(ours, mine["id"]), "wrong_expression")
    assert (wrong["matched"], wrong["severity"], wrong["suggestion"]) == ("招商引资大会战", "blocking", "招商引资专项行动")
    assert not [f for f in (await check_report(theirs, other["id"]))["findings"] if f["matched"] == "招商引资大会战"]
    assert (await gql.data(ENTRIES, token=await theirs.token("admin")))["lexiconEntries"]["nodes"] == []
    foreign = await gql.data(REMOVE_ENTRY, {"input": {"id": entry["id"]}}, token=await theirs.token("admin"))
    assert foreign["removeLexiconEntry"]["errors"][0]["code"] == "NOT_FOUND"
    assert (await gql.data("query($id: ID!) { node(id: $id) { id } }", {"id": entry["id"]}, token=await theirs.token("admin")))[
        "node"
    ] is None

    removed = await gql.data(REMOVE_ENTRY, {"input": {"id": entry["id"]}}, token=await ours.token("admin"))
    assert removed["removeLexiconEntry"]["errors"] == []
    again = await ours.create(title="一季度招商引资工作取得新进展", bodyHtml=body)
    assert not [f for f in (await check_report(ours, again["id"]))["findings"] if f["matched"] == "招商引资大会战"]


async def test_only_a_tenant_admin_edits_the_lexicon_and_a_wrong_expression_needs_its_correction(desk: Desk) -> None:
    entry = {"term": "大会战", "kind": "WRONG_EXPRESSION", "severity": "WARNING"}
    as_drafter = await desk.gql(ADD_ENTRY, {"input": entry}, token=await desk.token("drafter"))
    assert as_drafter["data"] is None
    assert as_drafter["errors"]

    refused = await desk.gql.data(ADD_ENTRY, {"input": entry}, token=await desk.token("admin"))

    [error] = refused["addLexiconEntry"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_LEXICON_ENTRY", "correction")
    assert "正确表述" in error["message"]


async def test_another_units_release_has_no_check_report(gql: GraphQLClient, units: UnitFactory) -> None:
    ours, theirs = Desk(gql, units, await make_workflow_unit(units)), Desk(gql, units, await make_workflow_unit(units))
    release = await ours.create(bodyHtml=LEAKED_MOBILE_BODY)

    assert await check_report(theirs, release["id"], username="reviewer") is None
    assert await check_report(theirs, release["id"], username="reviewer", version=1) is None
    assert (await check_report(ours, release["id"]))["blockingCount"] == 1


async def test_a_leaders_wrong_title_is_found_from_the_units_roster(desk: Desk) -> None:
    async with tenant_transaction(desk.wu.unit.id):
        await DB.fetch("update people set name = '李建国', title = '副市长' where id = $1", desk.wu.unit.people["deputy"])

    release = await desk.create(title="市长李建国调研营商环境工作", bodyHtml="<p>12月3日，市长李建国到市民中心调研营商环境工作。</p>")

    titles = [f for f in (await check_report(desk, release["id"]))["findings"] if f["code"] == "leader_title"]
    assert titles
    assert {f["suggestion"] for f in titles} == {"副市长"}


async def test_a_release_repeating_one_ready_for_publication_is_flagged_as_a_near_duplicate(desk: Desk) -> None:
    body = (
        "<p>为深入贯彻落实《优化营商环境条例》，进一步提升政务服务效能，市政务服务中心自2026年12月1日起推行"
        "“一窗受理、集成服务”改革，企业开办时间压缩至1个工作日以内，群众办事“最多跑一次”事项达到95%以上。</p>"
    )
    ready = await desk.create(title="市政务服务中心推行一窗受理改革", bodyHtml=body)
    await desk.submit(ready["id"])
    await desk.ok("reviewer", ready["id"], opinion="同意。")
    await desk.ok("office", ready["id"], opinion="同意。")
    assert (await desk.ok("reviewer", ready["id"], opinion="同意发布。"))["stage"] == "proofread"
    await desk.confirm(ready["id"])

    again = await desk.create(title="政务服务一窗受理改革全面推行", bodyHtml=body)

    duplicate = finding(await check_report(desk, again["id"]), "near_duplicate")
    assert duplicate["field"] == "body"
    async with tenant_transaction(desk.wu.unit.id):
        rechecked = await check_version(desk.wu.unit.id, UUID(from_base64(ready["id"])[1]))
    assert not [f for f in rechecked.report.findings if f.code == "near_duplicate"], "a ready release never matches itself"


async def test_an_attachment_is_checked_on_save_and_its_finding_names_it(desk: Desk) -> None:
    import base64

    from releases.releases_support import build_docx

    release = await desk.create()
    spreadsheet = build_docx(heading="报名回执", paragraphs=("联系人：李娜，手机13812345678，请于12月1日前回复。",))
    added = await desk.gql.data(
        """mutation($input: AddAttachmentInput!) { addAttachment(input: $input) { release { lockVersion } errors { field code message } } }""",
        {"input": {
            "releaseId": release["id"], "expectedVersion": 1, "fileName": "报名回执.docx",
            "contentBase64": base64.b64encode(spreadsheet).decode(),
        }},
        token=await desk.token("drafter"),
    )
    assert added["addAttachment"]["errors"] == []

    report = await check_report(desk, release["id"])

    mobile = finding(report, "mobile_number")
    assert mobile["field"] == "attachment:报名回执.docx"
    assert mobile["matched"] == "13812345678"
    assert report["versionNumber"] == 2
