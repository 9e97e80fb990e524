"""发布前校对: the publisher proofreads the approved release, correcting typos without voiding the approvals."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import asyncpg
from strawberry.relay import from_base64

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.installations import install_channel
from fabu.publishing.plugins import key_ring
from fabu.publishing.snapshot import approvers
from fabu.releases import lock_release
from fabu.services import Services
from fabu.settings import Settings
from fabu.storage import TenantObjects
from fabu.tenancy.roles import Role
from fabu.workflow import engine, proofreading
from fabu.workflow.decisions import Decision
from factories import STAFF, GraphQLClient, UnitFactory
from workflow.workflow_support import UPDATE, Desk, make_workflow_unit, waiting_for_a_lock

TYPO_BODY = "<p>根据省政府统一布署，现就有关事项通知如下。</p><p>请各部门认真贯彻落实。</p>"
FIXED_BODY = "<p>根据省政府统一部署，现就有关事项通知如下。</p><p>请各部门认真贯彻落实。</p>"
RELEASE = "query($id: ID!) { node(id: $id) { ... on Release { lockVersion currentVersion { number sha256 } versions { number kind } } } }"


def uuid_of(global_id: str) -> UUID:
    return UUID(from_base64(global_id)[1])


async def read(desk: Desk, release_id: str, username: str = "publisher") -> dict[str, Any]:
    node: dict[str, Any] = (await desk.gql.data(RELEASE, {"id": release_id}, token=await desk.token(username)))["node"]
    return node


async def at_proofreading(desk: Desk, **fields: Any) -> dict[str, Any]:
    """A release approved by the department head, the office and the leader: at the proofread stage."""
    release = await desk.create(**{"bodyHtml": TYPO_BODY, **fields})
    assert (await desk.submit(release["id"]))["errors"] == []
    await desk.ok("reviewer", release["id"], opinion="内容真实准确，同意报送。")
    await desk.ok("office", release["id"], opinion="符合发布计划，同意。")
    state = await desk.ok("reviewer", release["id"], opinion="同意发布。")
    assert (state["stage"], state["status"]) == ("proofread", "in_progress")
    return release


async def test_the_publisher_confirms_the_release_as_approved(desk: Desk) -> None:
    release = await at_proofreading(desk)

    done = await desk.confirm(release["id"])

    assert done["corrections"] == []
    confirm = done["opinions"][-1]
    assert (confirm["stage"], confirm["decision"], confirm["versionNumber"]) == ("proofread", "CONFIRM", 1)
    assert not any(opinion["voided"] for opinion in done["opinions"])


async def test_a_typo_corrected_makes_a_version_that_keeps_the_approvals_and_shows_its_diff(
    desk: Desk, settings: Settings
) -> None:
    async with tenant_transaction(desk.wu.unit.id):
        await install_channel(desk.wu.unit.id, key_ring(settings), "loopback", {"api_key": "k"})
    release = await at_proofreading(desk, channels=["loopback"])
    before = await read(desk, release["id"])

    corrected = await desk.correct(release["id"], before["lockVersion"], bodyHtml=FIXED_BODY, note="“布署”改为“部署”")

    assert corrected["errors"] == []
    assert corrected["release"]["currentVersion"]["number"] == 2
    state = corrected["workflow"]
    assert state["stage"] == "proofread"
    assert [(o["stage"], o["versionNumber"], o["voided"]) for o in state["opinions"]] == [
        ("department_review", 1, False), ("office_review", 1, False), ("leadership_approval", 1, False),
    ]  # fmt: skip
    (correction,) = state["corrections"]
    assert (correction["fromVersion"], correction["toVersion"], correction["changedCharacters"], correction["limit"]) == (1, 2, 2, 30)
    assert correction["correctedBy"]["name"] == "publisher-姓名"
    assert correction["note"] == "“布署”改为“部署”"
    assert [change["field"] for change in correction["diff"]["fieldChanges"]] == ["bodyHtml"]
    assert {"operation": "DELETED", "lines": ["根据省政府统一布署，现就有关事项通知如下。"]} in correction["diff"]["bodyText"]
    assert {"operation": "INSERTED", "lines": ["根据省政府统一部署，现就有关事项通知如下。"]} in correction["diff"]["bodyText"]
    assert (await read(desk, release["id"]))["versions"] == [{"number": 1, "kind": "CREATED"}, {"number": 2, "kind": "PROOFREAD"}]

    done = await desk.confirm(release["id"])

    assert done["opinions"][-1]["versionNumber"] == 2
    corrected_sha = corrected["release"]["currentVersion"]["sha256"]
    async with tenant_transaction(desk.wu.unit.id):
        # The ledger names who approved the version the correction started from, not the proofreader.
        assert await approvers(uuid_of(release["id"]), corrected_sha) == ["reviewer-姓名", "office-姓名"]
        outbox = await DB.fetch("select version_number, content_sha256 from publication_outbox where release_id = $1", uuid_of(release["id"]))
    assert [(row["version_number"], row["content_sha256"]) for row in outbox] == [(2, corrected_sha)]


async def test_a_change_beyond_proofreading_is_refused_and_nothing_is_written(desk: Desk) -> None:
    release = await at_proofreading(desk)
    before = await read(desk, release["id"])

    refused = await desk.correct(release["id"], before["lockVersion"], title="市政府召开全市安全生产工作会议，部署岁末年初安全防范重点任务")

    (error,) = refused["errors"]
    assert (error["code"], error["field"]) == ("PROOFREAD_OUT_OF_SCOPE", "title")
    assert error["message"].startswith("改动超出校对范围，请退回修改")
    assert "the change goes beyond proofreading; return the release for revision" in error["message"]
    assert await read(desk, release["id"]) == before
    state = await desk.ok("publisher", release["id"], "CONFIRM", "已校对。")
    assert state["corrections"] == []


async def test_only_the_stages_publishers_proofread_and_only_at_that_stage(desk: Desk) -> None:
    early = await desk.create(bodyHtml=TYPO_BODY)
    await desk.submit(early["id"])
    not_yet = await desk.correct(early["id"], 1, bodyHtml=FIXED_BODY)
    assert [(e["code"], e["field"]) for e in not_yet["errors"]] == [("ILLEGAL_TRANSITION", "releaseId")]

    release = await at_proofreading(desk)
    by_reviewer = await desk.correct(release["id"], 1, "reviewer", bodyHtml=FIXED_BODY)
    assert [e["code"] for e in by_reviewer["errors"]] == ["NOT_AN_ACTOR"]
    confirm_by_reviewer = await desk.decide("reviewer", release["id"], "CONFIRM", "已校对。")
    assert [e["code"] for e in confirm_by_reviewer["errors"]] == ["NOT_AN_ACTOR"]
    approve_instead = await desk.decide("publisher", release["id"], "APPROVE", "同意。")
    assert [(e["code"], e["field"]) for e in approve_instead["errors"]] == [("ILLEGAL_TRANSITION", "decision")]
    assert (await read(desk, release["id"]))["currentVersion"]["number"] == 1


async def test_another_unit_cannot_proofread_a_release(desk: Desk, gql: GraphQLClient, units: UnitFactory) -> None:
    release = await at_proofreading(desk)
    other = Desk(gql, units, await make_workflow_unit(units))

    corrected = await other.correct(release["id"], 1, bodyHtml=FIXED_BODY)
    confirmed = await other.decide("publisher", release["id"], "CONFIRM", "已校对。")

    assert [e["code"] for e in corrected["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in confirmed["errors"]] == ["NOT_FOUND"]
    assert await other.gql.data(RELEASE, {"id": release["id"]}, token=await other.token("publisher")) == {"node": None}
    state = await desk.confirm(release["id"])
    assert state["corrections"] == []


async def test_a_publisher_of_any_department_finds_the_proofreading_in_their_inbox(gql: GraphQLClient, units: UnitFactory) -> None:
    staff = {**STAFF, "publisher": ("legal", [Role.PUBLISHER])}
    desk = Desk(gql, units, await make_workflow_unit(units, staff))
    release = await at_proofreading(desk)

    inbox = await desk.gql.data(
        "{ inbox(first: 10) { nodes { releaseId stage kind assigneeRole } } }", token=await desk.token("publisher")
    )

    assert inbox["inbox"]["nodes"] == [{"releaseId": release["id"], "stage": "proofread", "kind": "proofread", "assigneeRole": "publisher"}]
    assert (await desk.confirm(release["id"]))["status"] == "ready"


async def test_the_drafter_may_not_proofread_their_own_release_even_as_a_publisher(gql: GraphQLClient, units: UnitFactory) -> None:
    staff = {**STAFF, "drafter": ("policy", [Role.DRAFTER, Role.PUBLISHER])}
    desk = Desk(gql, units, await make_workflow_unit(units, staff))
    release = await at_proofreading(desk)

    refused = await desk.decide("drafter", release["id"], "CONFIRM", "已校对。")

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("FOUR_EYES", "decision")]
    assert (await desk.confirm(release["id"]))["status"] == "ready"


async def test_the_bound_holds_for_all_corrections_together_not_each_alone(desk: Desk) -> None:
    release = await at_proofreading(desk)
    first_summary = "本次评价工作覆盖全市各区县和市直各部门"  # 19 characters inserted
    first = await desk.correct(release["id"], (await read(desk, release["id"]))["lockVersion"], summary=first_summary)
    assert first["errors"] == []
    before = await read(desk, release["id"])

    # 12 more characters: within the bound of 30 alone, 31 since the approved version.
    second = await desk.correct(release["id"], before["lockVersion"], summary=first_summary + "，请于十二月底前完成自评")

    (error,) = second["errors"]
    assert (error["code"], error["field"]) == ("PROOFREAD_OUT_OF_SCOPE", "summary")
    assert "自审定的版本起共改动 31 字" in error["message"]
    assert await read(desk, release["id"]) == before
    state = await desk.confirm(release["id"])
    assert [(c["changedCharacters"], c["approvedVersion"], c["changedSinceApproved"]) for c in state["corrections"]] == [(19, 1, 19)]


async def test_each_correction_shows_its_own_count_and_the_count_since_the_approved_version(desk: Desk) -> None:
    release = await at_proofreading(desk)
    first = await desk.correct(release["id"], (await read(desk, release["id"]))["lockVersion"], bodyHtml=FIXED_BODY)
    assert first["errors"] == []

    second = await desk.correct(release["id"], (await read(desk, release["id"]))["lockVersion"], summary="全市营商环境评价")

    assert second["errors"] == []
    assert [(c["fromVersion"], c["toVersion"], c["changedCharacters"], c["approvedVersion"], c["changedSinceApproved"])
            for c in second["workflow"]["corrections"]] == [(1, 2, 2, 1, 2), (2, 3, 8, 1, 10)]  # fmt: skip


async def test_a_link_in_the_body_cannot_be_redirected_by_a_correction(desk: Desk) -> None:
    linked = '<p>详见<a href="https://www.gov.cn/zhengce/notice.html">通知原文</a>。</p>'
    release = await at_proofreading(desk, bodyHtml=linked)
    before = await read(desk, release["id"])

    refused = await desk.correct(release["id"], before["lockVersion"], bodyHtml=linked.replace("www.gov.cn", "www.gov.cm"))

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("PROOFREAD_OUT_OF_SCOPE", "bodyHtml")]
    assert await read(desk, release["id"]) == before


async def test_a_colleague_who_edited_the_approved_text_may_not_confirm_it(gql: GraphQLClient, units: UnitFactory) -> None:
    staff = {**STAFF, "editor": ("policy", [Role.DRAFTER, Role.PUBLISHER])}
    desk = Desk(gql, units, await make_workflow_unit(units, staff))
    release = await desk.create(bodyHtml=TYPO_BODY)
    edited = await desk.gql.data(
        UPDATE, {"input": {"id": release["id"], "expectedVersion": 1, "title": "关于开展2026年度营商环境评价工作的补充通知"}},
        token=await desk.token("editor"),
    )  # fmt: skip
    assert edited["updateRelease"]["errors"] == []
    assert (await desk.submit(release["id"]))["errors"] == []
    for username, opinion in (("reviewer", "同意报送。"), ("office", "同意。"), ("reviewer", "同意发布。")):
        await desk.ok(username, release["id"], opinion=opinion)

    refused = await desk.decide("editor", release["id"], "CONFIRM", "已校对。")

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("FOUR_EYES", "decision")]
    assert refused["errors"][0]["message"].startswith("起草或修改过稿件的人不能校对该稿件")
    assert (await desk.confirm(release["id"]))["status"] == "ready"


async def test_a_retried_correction_with_the_same_client_mutation_id_is_made_once(desk: Desk) -> None:
    release = await at_proofreading(desk)
    lock_version = (await read(desk, release["id"]))["lockVersion"]

    first = await desk.correct(release["id"], lock_version, bodyHtml=FIXED_BODY, clientMutationId="fix-typo-1")
    retry = await desk.correct(release["id"], lock_version, bodyHtml=FIXED_BODY, clientMutationId="fix-typo-1")

    assert (first["errors"], first["replayed"]) == ([], False)
    assert (retry["errors"], retry["replayed"]) == ([], True)
    assert retry["release"]["currentVersion"] == first["release"]["currentVersion"]
    assert len(retry["workflow"]["corrections"]) == 1
    assert (await read(desk, release["id"]))["versions"] == [{"number": 1, "kind": "CREATED"}, {"number": 2, "kind": "PROOFREAD"}]
    reused = await desk.decide("publisher", release["id"], "CONFIRM", "已校对。", clientMutationId="fix-typo-1")
    assert [(e["code"], e["field"]) for e in reused["errors"]] == [("CONFLICT", "clientMutationId")]


async def test_another_unit_sees_neither_the_corrections_nor_the_corrected_versions_variants(
    desk: Desk, gql: GraphQLClient, units: UnitFactory
) -> None:
    release = await at_proofreading(desk)
    corrected = await desk.correct(release["id"], (await read(desk, release["id"]))["lockVersion"], bodyHtml=FIXED_BODY)
    assert corrected["errors"] == []
    version = await desk.gql.data(
        "query($id: ID!) { node(id: $id) { ... on Release { currentVersion { id } } } }", {"id": release["id"]},
        token=await desk.token("publisher"),
    )  # fmt: skip
    version_id = version["node"]["currentVersion"]["id"]
    other = Desk(gql, units, await make_workflow_unit(units))
    token = await other.token("publisher")

    workflow = await other.gql.data("query($id: ID!) { workflow(releaseId: $id) { corrections { toVersion } } }", {"id": release["id"]}, token=token)
    seen = await other.gql.data("query($id: ID!) { node(id: $id) { ... on ReleaseVersion { variants { channel } } } }", {"id": version_id}, token=token)

    assert workflow == {"workflow": None}
    assert seen == {"node": None}


async def test_a_correction_note_too_long_is_refused_naming_the_field_and_nothing_is_written(desk: Desk) -> None:
    release = await at_proofreading(desk)
    before = await read(desk, release["id"])

    refused = await desk.correct(release["id"], before["lockVersion"], bodyHtml=FIXED_BODY, note="改" * 2001)

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("TOO_LONG", "note")]
    assert refused["errors"][0]["message"].startswith("更正说明不能超过 2000 个字符 / ")
    assert await read(desk, release["id"]) == before


async def test_a_correction_and_a_confirmation_at_once_end_cleanly_one_after_the_other(gql: GraphQLClient, units: UnitFactory) -> None:
    staff = {**STAFF, "publisher2": ("office", [Role.PUBLISHER])}
    desk = Desk(gql, units, await make_workflow_unit(units, staff))
    release = await at_proofreading(desk)
    lock_version = (await read(desk, release["id"]))["lockVersion"]

    corrected, confirmed = await asyncio.gather(
        desk.correct(release["id"], lock_version, bodyHtml=FIXED_BODY),
        desk.decide("publisher2", release["id"], "CONFIRM", "已校对。"),
    )

    codes = [e["code"] for e in corrected["errors"]] + [e["code"] for e in confirmed["errors"]]
    assert codes in ([], ["ILLEGAL_TRANSITION"])
    assert confirmed["errors"] == []
    assert confirmed["workflow"]["stage"] == "ready"


async def test_a_correction_and_a_decision_lock_the_release_in_the_same_order_so_neither_deadlocks(
    desk: Desk, services: Services, owner: asyncpg.Connection
) -> None:
    release = await at_proofreading(desk)
    release_id, tenant = uuid_of(release["id"]), desk.wu.unit.id
    objects = TenantObjects(services.store, tenant)
    lock_version = (await read(desk, release["id"]))["lockVersion"]
    correcting = asyncio.Event()

    async def correct() -> None:
        async with tenant_transaction(tenant):
            await lock_release(release_id)  # the correction holds the release first...
            correcting.set()
            await waiting_for_a_lock(owner)  # ...while the decision below waits for a lock...
            correction = proofreading.Correction(body_html=FIXED_BODY)
            await proofreading.correct(tenant, desk.wu.unit.people["publisher"], release_id, correction, lock_version, objects)

    async def confirm() -> None:
        await correcting.wait()
        async with tenant_transaction(tenant):
            action = engine.DecisionInput(release_id, Decision.CONFIRM, "已校对。")
            await engine.decide(tenant, desk.wu.unit.people["publisher"], action, objects)

    await asyncio.gather(correct(), confirm())  # a deadlock would abort one of them

    state = await desk.gql.data(
        "query($id: ID!) { workflow(releaseId: $id) { stage opinions { decision versionNumber } } }", {"id": release["id"]},
        token=await desk.token("publisher"),
    )  # fmt: skip
    assert state["workflow"]["stage"] == "ready"
    assert state["workflow"]["opinions"][-1] == {"decision": "CONFIRM", "versionNumber": 2}
