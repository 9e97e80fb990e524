"""Applying templates and matrices: versions, validation with every problem listed, gaps, explanation."""

from __future__ import annotations

from workflow.workflow_support import Desk

APPLY_TEMPLATE = "mutation($input: ApplyWorkflowDocumentInput!) { applyWorkflowTemplate(input: $input) { key version created errors { field code message } } }"
APPLY_MATRIX = "mutation($input: ApplyWorkflowDocumentInput!) { applyAuthorityMatrix(input: $input) { key version created errors { field code message } } }"

BROKEN_TEMPLATE = """
key: broken
version: 1
name: 有错的模板
name_en: Broken
authority_matrix: standard-matrix
stages:
  - {key: drafting, kind: draft, name: 起草, name_en: Draft, actors: [{kind: role_in_department, role: drafter, department: lead}]}
  - key: review
    kind: review
    name: 审核
    name_en: Review
    actors: [{kind: role_in_department, role: department_reviewer, department: lead}]
    outcomes: {return_to: [nowhere]}
    deadline: {within: soon}
  - {key: ready, kind: ready, name: 待发布, name_en: Ready}
edit_after_approval: {return_to: review}
"""

GAPPY_MATRIX = """
key: standard-matrix
version: 1
name: 有缺口的矩阵
name_en: Gappy
rules:
  - {key: routine, name: 一般, name_en: Routine, importance: [routine], sensitivity: [normal], category: "*", approvers: [department_head]}
"""


async def test_a_broken_template_is_refused_with_every_problem_and_its_path(desk: Desk) -> None:
    admin = await desk.token("admin")
    payload = (await desk.gql.data(APPLY_TEMPLATE, {"input": {"yaml": BROKEN_TEMPLATE}}, token=admin))["applyWorkflowTemplate"]

    fields = {error["field"] for error in payload["errors"]}
    assert payload["version"] is None
    assert any("deadline" in (field or "") for field in fields), fields
    assert all(" / " in error["message"] for error in payload["errors"])


async def test_a_matrix_with_gaps_is_refused_listing_the_missing_combinations(desk: Desk) -> None:
    admin = await desk.token("admin")
    payload = (await desk.gql.data(APPLY_MATRIX, {"input": {"yaml": GAPPY_MATRIX}}, token=admin))["applyAuthorityMatrix"]

    codes = {error["code"] for error in payload["errors"]}
    assert codes == {"MATRIX_GAP"}
    assert any("重大" in error["message"] and "政策解读" in error["message"] for error in payload["errors"])


async def test_reapplying_the_same_template_creates_no_new_version_and_a_change_does(desk: Desk) -> None:
    from fabu.workflow.definition import builtin_text

    admin = await desk.token("admin")
    text = builtin_text("standard")
    same = (await desk.gql.data(APPLY_TEMPLATE, {"input": {"yaml": text}}, token=admin))["applyWorkflowTemplate"]
    changed = (await desk.gql.data(APPLY_TEMPLATE, {"input": {"yaml": text.replace("P2D", "P1D", 1)}}, token=admin))["applyWorkflowTemplate"]

    assert (same["version"], same["created"]) == (1, False)
    assert (changed["version"], changed["created"]) == (2, True)


async def test_a_release_stays_on_the_template_version_it_started_under(desk: Desk) -> None:
    from fabu.workflow.definition import builtin_text

    release = await desk.create()
    await desk.submit(release["id"])
    simple = builtin_text("simple")
    admin = await desk.token("admin")
    applied = (await desk.gql.data(APPLY_TEMPLATE, {"input": {"yaml": simple}}, token=admin))["applyWorkflowTemplate"]
    assert applied["errors"] == []

    state = await desk.ok("reviewer", release["id"])
    assert state["stage"] == "office_review"


async def test_only_an_admin_applies_documents(desk: Desk) -> None:
    body = await desk.gql(APPLY_TEMPLATE, {"input": {"yaml": "key: x"}}, token=await desk.token("drafter"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_explain_authority_names_the_rule_and_why(desk: Desk) -> None:
    release = await desk.create(importance="MAJOR")
    data = await desk.gql.data(
        "query($id: ID!) { explainAuthority(releaseId: $id) { rule approvers summary reasons } }", {"id": release["id"]},
        token=await desk.token("drafter"),
    )
    explanation = data["explainAuthority"]
    assert explanation["rule"] == "major"
    assert explanation["approvers"] == ["分管领导 / supervising leader", "主要领导 / principal leader"]
    assert explanation["reasons"][0].startswith("适用理由")
