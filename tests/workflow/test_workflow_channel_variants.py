"""Per-channel variants: part of the approved content, and validated by their channel's plugin before scheduling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from strawberry.relay import from_base64

from fabu.channels.api import Finding
from fabu.db.session import tenant_transaction
from fabu.publishing.installations import install_channel
from fabu.publishing.plugins import key_ring, plugin, registry
from fabu.publishing.snapshot import build_snapshot
from fabu.settings import Settings
from factories import GraphQLClient, UnitFactory
from workflow.workflow_support import Desk, make_workflow_unit

WEIBO_CONFIG = {"base_url": "http://127.0.0.1:9", "access_token": "token", "safe_domains": ["www.example.gov.cn"]}
LONG_TEXT = "全市营商环境评价工作即将启动，" * 12
SHORT_TEXT = "全市营商环境评价工作即将启动，欢迎企业群众参与。"

FIELDS = (
    "id lockVersion variants { channel fields } currentVersion { number sha256 variants { channel fields } } "
    "channelFindings { channel displayName blocking findings { field code severity message } }"
)
CREATE = f"mutation($input: CreateReleaseInput!) {{ createRelease(input: $input) {{ release {{ {FIELDS} }} errors {{ field code message }} }} }}"
UPDATE = f"mutation($input: UpdateReleaseInput!) {{ updateRelease(input: $input) {{ release {{ {FIELDS} }} errors {{ field code message }} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Release {{ {FIELDS} }} }} }}"
WORKFLOW = "query($id: ID!) { workflow(releaseId: $id) { stage } }"
DIFF = "query($id: ID!) { node(id: $id) { ... on Release { diff(from: 1, to: 2) { fieldChanges { field old new } } } } }"


async def install_weibo(desk: Desk, settings: Settings) -> None:
    async with tenant_transaction(desk.wu.unit.id):
        await install_channel(desk.wu.unit.id, key_ring(settings), "weibo", WEIBO_CONFIG)


async def create(desk: Desk, **fields: Any) -> dict[str, Any]:
    content = {
        "title": "关于开展2026年度营商环境评价工作的通知", "leadDepartmentId": desk.wu.department("policy"),
        "bodyHtml": "<p>根据省政府统一部署，现就有关事项通知如下。</p>", "categoryId": desk.wu.categories["工作动态"], **fields,
    }  # fmt: skip
    payload: dict[str, Any] = (await desk.gql.data(CREATE, {"input": content}, token=await desk.token("drafter")))["createRelease"]
    return payload


async def update(desk: Desk, release: dict[str, Any], **fields: Any) -> dict[str, Any]:
    variables = {"input": {"id": release["id"], "expectedVersion": release["lockVersion"], **fields}}
    payload: dict[str, Any] = (await desk.gql.data(UPDATE, variables, token=await desk.token("drafter")))["updateRelease"]
    return payload


def weibo(text: str) -> list[dict[str, Any]]:
    return [{"channel": "weibo", "fields": {"weibo_text": text}}]


async def test_a_variant_is_versioned_content_hashed_and_diffed(desk: Desk) -> None:
    created = await create(desk, channels=["weibo"], variants=weibo(SHORT_TEXT))
    assert created["errors"] == []
    release = created["release"]
    assert release["variants"] == [{"channel": "weibo", "fields": {"weibo_text": SHORT_TEXT}}]
    assert release["currentVersion"]["variants"] == release["variants"]

    changed = await update(desk, release, variants=weibo(SHORT_TEXT + "详见门户网站。"))

    assert changed["errors"] == []
    assert changed["release"]["currentVersion"]["number"] == 2
    assert changed["release"]["currentVersion"]["sha256"] != release["currentVersion"]["sha256"]
    diff = (await desk.gql.data(DIFF, {"id": release["id"]}, token=await desk.token("drafter")))["node"]["diff"]
    assert diff["fieldChanges"] == [
        {"field": "variants.weibo.weibo_text", "old": SHORT_TEXT, "new": SHORT_TEXT + "详见门户网站。"}
    ]


async def test_a_variant_must_belong_to_a_target_channel_and_hold_plain_json(desk: Desk) -> None:
    stray = await create(desk, channels=["weibo"], variants=[{"channel": "wechat", "fields": {"digest": "摘要"}}])
    decimal = await create(desk, channels=["bulletin"], variants=[{"channel": "bulletin", "fields": {"posting_days": 1.5}}])
    bad_key = await create(desk, channels=["weibo"], variants=[{"channel": "weibo", "fields": {"Weibo Text": "x"}}])

    assert [(e["code"], e["field"]) for e in stray["errors"]] == [("INVALID", "variants.wechat")]
    assert "不在目标发布渠道中" in stray["errors"][0]["message"]
    assert [(e["code"], e["field"]) for e in decimal["errors"]] == [("INVALID", "variants.bulletin.posting_days")]
    assert [(e["code"], e["field"]) for e in bad_key["errors"]] == [("INVALID", "variants.weibo.Weibo Text")]
    assert stray["release"] is decimal["release"] is bad_key["release"] is None


async def test_a_variant_its_channel_refuses_blocks_submission_naming_the_field(desk: Desk, settings: Settings) -> None:
    await install_weibo(desk, settings)
    release = (await create(desk, channels=["weibo"], variants=weibo(LONG_TEXT)))["release"]

    (report,) = release["channelFindings"]
    assert (report["channel"], report["displayName"], report["blocking"]) == ("weibo", "微博 / Weibo", True)
    assert {"field": "variants.weibo.weibo_text", "code": "weibo_text_too_long", "severity": "error"}.items() <= next(
        f for f in report["findings"] if f["severity"] == "error"
    ).items()
    refused = await desk.submit(release["id"])
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CHANNEL_FINDINGS", "variants.weibo.weibo_text")]
    assert refused["errors"][0]["message"].startswith("微博不接受本稿件")
    assert refused["workflow"] is None

    fixed = (await update(desk, release, variants=weibo(SHORT_TEXT)))["release"]
    assert [r["blocking"] for r in fixed["channelFindings"]] == [False]
    assert (await desk.submit(release["id"]))["errors"] == []


async def test_a_release_a_channel_refuses_never_reaches_proofreading_or_ready(desk: Desk, settings: Settings) -> None:
    release = (await create(desk, channels=["weibo"], variants=weibo(LONG_TEXT)))["release"]
    # weibo is not installed yet: nothing judges it, and the editor is warned it will not be published there
    assert [(r["blocking"], [f["code"] for f in r["findings"]]) for r in release["channelFindings"]] == [
        (False, ["channel_not_installed"])
    ]
    assert (await desk.submit(release["id"]))["errors"] == []
    await desk.ok("reviewer", release["id"])
    await desk.ok("office", release["id"])
    await install_weibo(desk, settings)

    refused = await desk.decide("reviewer", release["id"], "APPROVE", "同意发布。")

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CHANNEL_FINDINGS", "variants.weibo.weibo_text")]
    state = (await desk.gql.data(
        "query($id: ID!) { workflow(releaseId: $id) { stage opinions { stage } } }", {"id": release["id"]},
        token=await desk.token("reviewer"),
    ))["workflow"]  # fmt: skip
    assert state == {"stage": "leadership_approval", "opinions": [{"stage": "department_review"}, {"stage": "office_review"}]}


async def test_another_unit_sees_no_variants_nor_findings(desk: Desk, settings: Settings, gql: GraphQLClient, units: UnitFactory) -> None:
    await install_weibo(desk, settings)
    release = (await create(desk, channels=["weibo"], variants=weibo(LONG_TEXT)))["release"]
    other = Desk(gql, units, await make_workflow_unit(units))

    seen = await other.gql.data(NODE, {"id": release["id"]}, token=await other.token("drafter"))
    changed = await update(other, release, variants=weibo(SHORT_TEXT))

    assert seen == {"node": None}
    assert [e["code"] for e in changed["errors"]] == ["NOT_FOUND"]


async def test_each_plugin_is_handed_its_own_channels_variant(desk: Desk) -> None:
    digest = [{"channel": "wechat", "fields": {"digest": "营商环境评价工作启动", "author": "市发展改革委"}}]
    release = (await create(desk, channels=["weibo", "wechat", "bulletin"], variants=weibo(SHORT_TEXT) + digest))["release"]
    release_id = UUID(from_base64(release["id"])[1])

    async with tenant_transaction(desk.wu.unit.id):
        handed = {channel: (await build_snapshot(desk.wu.unit.id, release_id, 1, channel)).variant for channel in ("weibo", "wechat", "bulletin")}
        unnamed = await build_snapshot(desk.wu.unit.id, release_id, 1)

    assert handed == {"weibo": {"weibo_text": SHORT_TEXT}, "wechat": digest[0]["fields"], "bulletin": {}}
    assert unnamed.variant == {}


async def install_loopback_channel(desk: Desk, settings: Settings) -> None:
    async with tenant_transaction(desk.wu.unit.id):
        await install_channel(desk.wu.unit.id, key_ring(settings), "loopback", {"api_key": "k"})


def crash(release: object) -> list[Finding]:
    raise RuntimeError("a bug in the plugin")


def garbage(release: object) -> list[Finding]:
    return [{"field": "title"}]  # type: ignore[list-item]


@pytest.mark.parametrize("validate", [crash, garbage], ids=["raises", "returns-no-findings"])
async def test_a_plugin_that_fails_to_validate_blocks_submission_and_nothing_is_written(
    desk: Desk, settings: Settings, monkeypatch: pytest.MonkeyPatch, validate: Callable[[object], list[Finding]]
) -> None:
    await install_loopback_channel(desk, settings)
    release = (await create(desk, channels=["loopback"]))["release"]
    monkeypatch.setattr(plugin("loopback"), "validate", validate)

    shown = (await desk.gql.data(NODE, {"id": release["id"]}, token=await desk.token("drafter")))["node"]["channelFindings"]
    refused = await desk.submit(release["id"])

    assert [(r["channel"], r["blocking"], [f["code"] for f in r["findings"]]) for r in shown] == [
        ("loopback", True, ["validation_failed"])
    ]
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CHANNEL_FINDINGS", "channels")]
    assert "渠道插件校验出错" in refused["errors"][0]["message"]
    assert await desk.gql.data(WORKFLOW, {"id": release["id"]}, token=await desk.token("drafter")) == {"workflow": None}


async def test_a_target_channel_whose_plugin_left_the_server_blocks_submission(
    desk: Desk, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    await install_loopback_channel(desk, settings)
    release = (await create(desk, channels=["loopback"]))["release"]
    monkeypatch.delitem(registry().plugins, "loopback")

    refused = await desk.submit(release["id"])

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CHANNEL_FINDINGS", "channels")]
    assert "渠道插件不可用：loopback" in refused["errors"][0]["message"]
    assert await desk.gql.data(WORKFLOW, {"id": release["id"]}, token=await desk.token("drafter")) == {"workflow": None}


async def test_a_target_channel_the_unit_has_not_installed_or_disabled_is_a_warning_not_a_block(desk: Desk) -> None:
    release = (await create(desk, channels=["weibo"]))["release"]

    (report,) = release["channelFindings"]
    submitted = await desk.submit(release["id"])

    assert (report["channel"], report["displayName"], report["blocking"]) == ("weibo", "微博 / Weibo", False)
    (finding,) = report["findings"]
    assert (finding["field"], finding["code"], finding["severity"]) == ("channels", "channel_not_installed", "warning")
    assert finding["message"].startswith("本单位未安装或已停用渠道 weibo，稿件不会发布到该渠道 / ")
    assert submitted["errors"] == []


async def test_a_plugin_is_handed_the_category_of_the_version_not_of_a_later_edit(desk: Desk) -> None:
    release = (await create(desk, channels=["weibo"]))["release"]
    edited = await update(desk, release, categoryId=desk.wu.categories["通知公告"])
    assert edited["errors"] == []
    release_id = UUID(from_base64(release["id"])[1])

    async with tenant_transaction(desk.wu.unit.id):
        first, second = [await build_snapshot(desk.wu.unit.id, release_id, number, "weibo") for number in (1, 2)]

    assert (first.category, second.category) == ("工作动态", "通知公告")
    assert first.department == second.department != ""


async def test_a_variant_without_a_channel_not_an_object_or_too_long_is_refused_naming_the_field_chinese_first(desk: Desk) -> None:
    unnamed = await create(desk, channels=["weibo"], variants=[{"channel": " ", "fields": {"weibo_text": "欢迎参与"}}])
    not_object = await create(desk, channels=["weibo"], variants=[{"channel": "weibo", "fields": ["欢迎参与"]}])
    too_long = await create(desk, channels=["weibo"], variants=[{"channel": "weibo", "fields": {"weibo_text": "长" * 20_001}}])

    assert [(e["code"], e["field"]) for e in unnamed["errors"]] == [("REQUIRED", "variants")]
    assert [(e["code"], e["field"]) for e in not_object["errors"]] == [("INVALID", "variants.weibo")]
    assert [(e["code"], e["field"]) for e in too_long["errors"]] == [("TOO_LONG", "variants.weibo")]
    messages = [payload["errors"][0]["message"] for payload in (unnamed, not_object, too_long)]
    assert messages == [
        "渠道专属内容须注明渠道 / a variant must name its channel",
        "渠道专属内容须为 JSON 对象 / a channel variant must be a JSON object",
        "渠道专属内容不能超过 20000 个字符 / a channel variant must be at most 20000 characters",
    ]
    assert unnamed["release"] is not_object["release"] is too_long["release"] is None
