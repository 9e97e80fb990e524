"""The seed process's scenarios, end to end through GraphQL, on the built-in standard workflow."""

from __future__ import annotations

from workflow.workflow_support import Desk


async def test_a_routine_work_update_is_approved_by_the_department_head_alone(desk: Desk) -> None:
    release = await desk.create()
    submitted = await desk.submit(release["id"])
    assert submitted["errors"] == []
    assert submitted["workflow"]["stage"] == "department_review"

    await desk.ok("reviewer", release["id"], opinion="内容真实准确，表述规范，同意报送。")
    at_office = await desk.ok("office", release["id"], opinion="符合发布计划，同意。")
    assert at_office["stage"] == "leadership_approval"
    assert [t["kind"] for t in at_office["tasks"]] == ["approval"]

    approved = await desk.ok("reviewer", release["id"], opinion="同意发布。")
    assert (approved["stage"], [t["kind"] for t in approved["tasks"]]) == ("proofread", ["proofread"])
    done = await desk.confirm(release["id"])

    assert (done["stage"], done["status"]) == ("ready", "ready")
    decisions = [(o["stage"], o["decision"], o["decidedBy"]["name"]) for o in done["opinions"]]
    assert decisions == [
        ("department_review", "APPROVE", "reviewer-姓名"),
        ("office_review", "APPROVE", "office-姓名"),
        ("leadership_approval", "APPROVE", "reviewer-姓名"),
        ("proofread", "CONFIRM", "publisher-姓名"),
    ]
    assert {o["versionSha256"] for o in done["opinions"]} == {release["currentVersion"]["sha256"]}


async def test_a_sensitive_policy_interpretation_across_three_departments_goes_to_the_principal_leader(desk: Desk) -> None:
    release = await desk.create(
        title="关于《优化营商环境条例》实施细则的政策解读",
        categoryId=desk.wu.categories["政策解读"],
        importance="IMPORTANT",
        sensitivity="SENSITIVE",
        coDepartmentIds=[desk.wu.department("planning"), desk.wu.department("legal")],
    )
    await desk.submit(release["id"])
    countersign = await desk.ok("reviewer", release["id"], opinion="同意，请规划科、法制科会签。")
    assert countersign["stage"] == "countersign"
    assert sorted(t["kind"] for t in countersign["tasks"]) == ["opinion", "opinion"]

    await desk.ok("planner", release["id"], "AGREE", "涉及规划部分表述准确，同意。")
    after_legal = await desk.ok("legal", release["id"], "DISAGREE", "第三条与现行规定不一致，不同意。")
    assert [t["kind"] for t in after_legal["tasks"]] == ["consolidate"]

    escalated = await desk.ok("reviewer", release["id"], "ESCALATE", "经协调未能达成一致，报请分管领导裁定。")
    assert [t["kind"] for t in escalated["tasks"]] == ["ruling"]
    ruled = await desk.ok("deputy", release["id"], opinion="经研究，第三条按法制科意见修改表述后可发布；裁定同意。")
    assert ruled["stage"] == "office_review"

    at_leaders = await desk.ok("office", release["id"], opinion="程序完备，同意报领导审定。")
    assert at_leaders["stage"] == "leadership_approval"
    after_deputy = await desk.ok("deputy", release["id"], opinion="同意，报主要领导审定。")
    assert after_deputy["stage"] == "leadership_approval"
    approved = await desk.ok("director", release["id"], opinion="同意发布。")
    assert approved["stage"] == "proofread"
    done = await desk.confirm(release["id"])

    assert done["status"] == "ready"
    trail = [(o["stage"], o["decision"]) for o in done["opinions"]]
    assert trail == [
        ("department_review", "APPROVE"),
        ("countersign", "AGREE"),
        ("countersign", "DISAGREE"),
        ("countersign", "ESCALATE"),
        ("countersign", "APPROVE"),
        ("office_review", "APPROVE"),
        ("leadership_approval", "APPROVE"),
        ("leadership_approval", "APPROVE"),
        ("proofread", "CONFIRM"),
    ]


async def test_a_release_returned_to_drafting_can_be_fixed_and_resubmitted(desk: Desk) -> None:
    release = await desk.create()
    await desk.submit(release["id"])

    returned = await desk.ok("reviewer", release["id"], "RETURN", "数据来源未注明，请补充后重新报送。", returnTo="drafting")
    assert (returned["stage"], returned["status"]) == ("drafting", "returned")
    drafter_inbox = await desk.gql.data("{ inbox { nodes { kind stage releaseTitle } } }", token=await desk.token("drafter"))
    assert drafter_inbox["inbox"]["nodes"] == [{"kind": "submit", "stage": "drafting", "releaseTitle": release["title"]}]

    edited = await desk.gql.data(
        "mutation($input: UpdateReleaseInput!) { updateRelease(input: $input) { errors { code } } }",
        {"input": {"id": release["id"], "expectedVersion": 1, "bodyHtml": "<p>数据来源：市统计局2026年公报。</p>"}},
        token=await desk.token("drafter"),
    )
    assert edited["updateRelease"]["errors"] == []
    resubmitted = await desk.submit(release["id"])

    assert resubmitted["errors"] == []
    assert (resubmitted["workflow"]["stage"], resubmitted["workflow"]["round"]) == ("department_review", 2)


async def test_an_edit_after_approval_voids_it_and_sends_the_release_back(desk: Desk) -> None:
    release = await desk.create()
    await desk.submit(release["id"])
    at_office = await desk.ok("reviewer", release["id"], opinion="同意。")
    assert at_office["stage"] == "office_review"

    edited = await desk.gql.data(
        "mutation($input: UpdateReleaseInput!) { updateRelease(input: $input) { release { currentVersion { number sha256 } } errors { code } } }",
        {"input": {"id": release["id"], "expectedVersion": 1, "title": "关于开展2026年度营商环境评价工作的通知（修订）"}},
        token=await desk.token("drafter"),
    )
    assert edited["updateRelease"]["errors"] == []
    state = (await desk.gql.data("query($id: ID!) { workflow(releaseId: $id) { stage round opinions { voided voidReason versionNumber } } }", {"id": release["id"]}, token=await desk.token("drafter")))["workflow"]

    assert state["stage"] == "department_review"
    assert state["opinions"] == [{"voided": True, "voidReason": "内容已修改 / the content changed", "versionNumber": 1}]
