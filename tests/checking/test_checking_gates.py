"""Pre-publication checks gate the workflow: blocking findings need a reviewer's reasoned override, fatal ones never pass."""

from __future__ import annotations

import json
from uuid import UUID

from strawberry.relay import from_base64

from checking.checking_support import LEAKED_MOBILE_BODY, check_report, finding
from fabu.audit.hashing import canonical_json, digest
from fabu.checking import check_version
from fabu.checks import Attachment
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from workflow.workflow_support import Desk

UPDATE = "mutation($input: UpdateReleaseInput!) { updateRelease(input: $input) { errors { field code message } } }"
LOCK = "query($id: ID!) { node(id: $id) { ... on Release { lockVersion } } }"
AUDIT = "{ auditEntries(first: 100) { nodes { action inputDigest } } }"
MARKED_NOTICE = "秘密★1年\n关于2026年度安全生产专项检查的内部通报\n各科室：现将检查中发现的问题通报如下。\n".encode()


async def _submitted_with_mobile(desk: Desk) -> dict[str, object]:
    release = await desk.create(title="关于举办2026年营商环境政策宣讲会的通知", bodyHtml=LEAKED_MOBILE_BODY)
    submitted = await desk.submit(release["id"])
    assert submitted["errors"] == []
    assert submitted["workflow"]["stage"] == "department_review"
    return release


async def test_a_leaked_mobile_number_stops_department_review_approval_with_a_clear_message(desk: Desk) -> None:
    release = await _submitted_with_mobile(desk)

    refused = await desk.decide("reviewer", release["id"], "APPROVE", "内容属实，同意报送。")

    [error] = refused["errors"]
    assert error["code"] == "CHECKS_BLOCKING"
    assert error["field"] == "overrides"
    assert "部门初审" in error["message"]
    assert "13912345678" in error["message"]
    assert "手机号码" in error["message"]
    assert "override each with a reason" in error["message"]
    state = await desk.ok("reviewer", release["id"], "RETURN", "请删除联系人手机号码后重新提交。", returnTo="drafting")
    assert [o["decision"] for o in state["opinions"]] == ["RETURN"], "the refused approval left no opinion behind"


async def test_a_reviewer_overrides_a_blocking_finding_with_a_reason_recorded_in_the_opinion_and_the_audit_log(desk: Desk) -> None:
    release = await _submitted_with_mobile(desk)
    mobile = finding(await check_report(desk, release["id"]), "mobile_number")
    assert (mobile["severity"], mobile["matched"], mobile["overridable"]) == ("blocking", "13912345678", True)

    unreasoned = await desk.decide(
        "reviewer", release["id"], "APPROVE", "同意。", overrides=[{"fingerprint": mobile["fingerprint"], "reason": "  "}]
    )
    assert unreasoned["errors"][0]["code"] == "CHECKS_BLOCKING"
    assert "豁免须填写理由" in unreasoned["errors"][0]["message"]

    reason = "该号码为宣讲会公开报名专线，经本人同意对外公布。"
    overrides = [{"fingerprint": mobile["fingerprint"], "reason": reason}]
    at_office = await desk.ok("reviewer", release["id"], opinion="同意，联系电话系公开报名专线。", overrides=overrides)
    [shown] = at_office["opinions"][0]["overrides"]
    assert (shown["fingerprint"], shown["reason"]) == (mobile["fingerprint"], reason)
    assert at_office["stage"] == "office_review"
    # The override holds for this version at the later gated stages: the office need not repeat it.
    at_leaders = await desk.ok("office", release["id"], opinion="符合发布计划，同意。")
    assert at_leaders["stage"] == "leadership_approval"

    async with tenant_transaction(desk.wu.unit.id):
        rows = await DB.fetch(
            "select stage_key, overrides from opinions where release_id = $1 order by created_at",
            UUID(from_base64(release["id"])[1]),
        )
    recorded = {row["stage_key"]: json.loads(row["overrides"]) for row in rows}
    assert recorded["office_review"] == []
    [override] = recorded["department_review"]
    assert (override["fingerprint"], override["reason"], override["code"], override["matched"]) == (
        mobile["fingerprint"], reason, "mobile_number", "13912345678",
    )  # fmt: skip

    audited = {
        "decision": "approve", "opinion": "同意，联系电话系公开报名专线。", "returnTo": None, "stage": None,
        "overrides": overrides,
    }  # fmt: skip
    entries = (await desk.gql.data(AUDIT, token=await desk.token("auditor")))["auditEntries"]["nodes"]
    decided = [e["inputDigest"] for e in entries if e["action"] == "workflow.decide"]
    assert digest("sha256", canonical_json(audited)) in decided


async def test_an_override_binds_to_its_version_and_an_edit_needs_a_new_one(desk: Desk) -> None:
    release = await _submitted_with_mobile(desk)
    mobile = finding(await check_report(desk, release["id"]), "mobile_number")
    await desk.ok("reviewer", release["id"], opinion="同意。", overrides=[{"fingerprint": mobile["fingerprint"], "reason": "公开报名专线。"}])
    await desk.ok("office", release["id"], "RETURN", "标题请写明举办单位。", returnTo="drafting")
    updated = await desk.gql.data(
        UPDATE, {"input": {"id": release["id"], "expectedVersion": await _lock_version(desk, release["id"]),
                           "title": "市营商环境局关于举办2026年营商环境政策宣讲会的通知"}},
        token=await desk.token("drafter"),
    )  # fmt: skip
    assert updated["updateRelease"]["errors"] == []
    assert (await desk.submit(release["id"]))["errors"] == []

    refused = await desk.decide("reviewer", release["id"], "APPROVE", "同意。")

    assert refused["errors"][0]["code"] == "CHECKS_BLOCKING"
    assert "13912345678" in refused["errors"][0]["message"]


async def _lock_version(desk: Desk, release_id: str) -> int:
    data = await desk.gql.data(LOCK, {"id": release_id}, token=await desk.token("drafter"))
    version: int = data["node"]["lockVersion"]
    return version


async def _with_marked_attachment_report(desk: Desk, release_id: str) -> None:
    # Attachments carrying a marking are refused when uploaded; a report that checked the
    # attachments (made by a caller holding the object store) can still carry such a finding.
    async with tenant_transaction(desk.wu.unit.id):
        await check_version(
            desk.wu.unit.id, UUID(from_base64(release_id)[1]), attachments=[Attachment("安全检查通报.txt", MARKED_NOTICE, "text/plain")]
        )


async def test_a_confidentiality_marking_can_never_be_overridden(desk: Desk) -> None:
    release = await desk.create(title="关于2026年度安全生产专项检查情况的通报")
    assert (await desk.submit(release["id"]))["errors"] == []
    await _with_marked_attachment_report(desk, release["id"])
    marking = finding(await check_report(desk, release["id"]), "confidentiality_marking")
    assert (marking["severity"], marking["matched"], marking["overridable"]) == ("fatal", "秘密★1年", False)

    refused = await desk.decide(
        "reviewer", release["id"], "APPROVE", "同意。",
        overrides=[{"fingerprint": marking["fingerprint"], "reason": "领导已同意公开。"}],
    )  # fmt: skip

    [error] = refused["errors"]
    assert error["code"] == "CHECKS_BLOCKING"
    assert "密级标识" in error["message"]
    assert "不可豁免" in error["message"]
    assert "秘密★1年" in error["message"]
    assert "can never be overridden" in error["message"]


async def test_a_release_with_a_fatal_finding_cannot_even_be_submitted(desk: Desk) -> None:
    release = await desk.create(title="关于2026年度安全生产专项检查情况的通报")
    await _with_marked_attachment_report(desk, release["id"])

    refused = await desk.submit(release["id"])

    assert refused["errors"][0]["code"] == "CHECKS_BLOCKING"
    assert "不可豁免" in refused["errors"][0]["message"]


async def test_returning_a_release_is_never_stopped_by_the_checks(desk: Desk) -> None:
    release = await _submitted_with_mobile(desk)

    returned = await desk.ok("reviewer", release["id"], "RETURN", "请删除手机号码。", returnTo="drafting")

    assert returned["status"] == "returned"
