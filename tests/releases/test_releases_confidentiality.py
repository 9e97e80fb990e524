"""Classified material (涉密) never enters Fabu: no such sensitivity, and marked content is refused."""

from __future__ import annotations

from factories import GraphQLClient, UnitFactory
from releases.releases_support import RELEASES, Drafting, build_docx, department


async def _audit_entries(gql: GraphQLClient, auditor: str) -> int:
    entries: int = (await gql.data("{ auditChain { entries } }", token=auditor))["auditChain"]["entries"]
    return entries


async def test_a_marked_title_or_body_is_refused_naming_the_fields_and_nothing_is_saved(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    auditor = await units.token(unit, "auditor")
    before = await _audit_entries(gql, auditor)

    payload = await drafting.create(
        title="秘密★1年 关于某项工作的通知",
        bodyHtml="<p>机密</p><p>正文内容。</p>",
        summary="普通摘要",
    )

    assert payload["release"] is None
    refused = {error["field"]: error for error in payload["errors"]}
    assert set(refused) == {"title", "bodyHtml"}
    assert refused["title"]["code"] == "CONFIDENTIALITY_MARKING"
    assert "秘密★1年" in refused["title"]["messageZh"]
    assert "confidentiality marking" in refused["title"]["messageEn"]
    assert (await gql.data(RELEASES, token=drafting.token))["releases"]["nodes"] == []
    assert await _audit_entries(gql, auditor) == before


async def test_an_edit_that_adds_a_marking_is_refused_and_the_release_keeps_its_version(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created(bodyHtml="<p>公开内容。</p>")

    payload = await drafting.update(release, bodyHtml="<p>本文件内部资料，注意保存。</p>")
    sources = await drafting.update(
        release, sources=[{"claim": "数据", "sourceTitle": "【机密】内部统计", "documentReference": "x"}]
    )

    assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == ("bodyHtml", "CONFIDENTIALITY_MARKING")
    assert sources["errors"][0]["field"] == "sources[0].sourceTitle"
    current = await drafting.node(release["id"])
    assert current is not None
    assert (current["currentVersionNumber"], current["bodyHtml"]) == (1, "<p>公开内容。</p>")


async def test_loose_confidentiality_words_are_not_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))

    release = await drafting.created(title="依法保护商业秘密的通知", bodyHtml="<p>揭开宇宙的秘密。</p>")

    assert release["title"] == "依法保护商业秘密的通知"


async def test_there_is_no_classified_sensitivity(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    enum = await gql.data('{ __type(name: "Sensitivity") { enumValues { name description } } }', token=drafting.token)

    body = await gql(
        "mutation($input: CreateReleaseInput!) { createRelease(input: $input) { errors { code } } }",
        {"input": {"title": "标题", "leadDepartmentId": "x", "sensitivity": "CLASSIFIED"}},
        token=drafting.token,
    )

    assert enum["__type"]["enumValues"] == [
        {"name": "NORMAL", "description": "普通 / normal"}, {"name": "SENSITIVE", "description": "敏感 / sensitive"},
    ]  # fmt: skip
    assert body["data"] is None
    assert "CLASSIFIED" in body["errors"][0]["message"]


async def test_a_marked_attachment_is_refused(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    release = await drafting.created()

    marked = build_docx(paragraphs=("绝密★长期", "附件正文。"))
    payload = await drafting.attach(release, "附件一.docx", marked)

    assert payload["release"] is None
    assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == ("contentBase64", "CONFIDENTIALITY_MARKING")
    current = await drafting.node(release["id"])
    assert current is not None
    assert current["attachments"] == []


async def test_a_marked_word_draft_is_refused_on_import(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))

    payload = await drafting.import_docx(
        build_docx(heading="机密", paragraphs=("内部文件，请勿外传。",)), leadDepartmentId=department(unit)
    )

    assert payload["release"] is None
    assert payload["errors"][0]["code"] == "CONFIDENTIALITY_MARKING"
    assert (await gql.data(RELEASES, token=drafting.token))["releases"]["nodes"] == []

