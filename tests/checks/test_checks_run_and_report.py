"""The entry point on realistic releases, and the report's gate with reviewers' overrides."""

from __future__ import annotations

import dataclasses

import pytest

from fabu.checks import (
    Attachment,
    CheckCode,
    CheckContext,
    CheckedDocument,
    CompiledLexicon,
    Override,
    PublishedIndex,
    PublishedRelease,
    Roster,
    Severity,
    run_checks,
)

from .checks_support import TODAY, build_docx, valid_resident_id

ID_NUMBER = valid_resident_id("51010719881123453")

RELEASE = CheckedDocument(
    title="关于2024年度城乡居民最低生活保障资格认定结果的公示",
    summary="现将我区2024年度最低生活保障资格认定结果予以公示。",
    body_html=(
        "<p>根据《社会救助暂行办法》和省、市有关规定，经个人申请、街道审核、区民政局审批，"
        "现将2024年度最低生活保障资格认定结果公示如下：</p>"
        f"<p>一、申请人王某某（身份证号：{ID_NUMBER}），家庭人口3人，月保障金额1,800元。</p>"
        "<p>二、申请人李某某，联系电话１３８　００１３　８０００，家庭人口2人。</p>"
        "<p>公示期间如有异议，请向区民政局反映。联系电话：0871-6412 3456。"
        "区农业部门、卫生部门将配合做好核查工作。</p>"
        "<p>副区长陈卫东对此项工作作出批示，要求做到应保尽保。</p>"
    ),
    attachments=(
        Attachment(
            "名单.docx", build_docx(["城乡低保对象名单", "王某某 3人", "李某某 2人"])
        ),
    ),
)


@pytest.fixture
def full_context(platform_lexicon: CompiledLexicon) -> CheckContext:
    return CheckContext(
        lexicons=(platform_lexicon,),
        roster=Roster.from_mapping({"陈卫东": ["区长"]}, former={"陈卫东": ["副区长"]}),
        published=PublishedIndex(
            [PublishedRelease("rel-1", "旧公示", "全区文物安全检查工作顺利完成。")]
        ),
        today=TODAY,
    )


def test_realistic_release_yields_the_findings_a_reviewer_expects(
    full_context: CheckContext,
) -> None:
    report = run_checks(RELEASE, full_context)
    assert [(f.code, f.severity, f.matched) for f in report.findings] == [
        (CheckCode.RESIDENT_ID_NUMBER, Severity.BLOCKING, ID_NUMBER),
        (CheckCode.MOBILE_NUMBER, Severity.BLOCKING, "１３８　００１３　８０００"),
        (CheckCode.LANDLINE_NUMBER, Severity.INFO, "0871-6412 3456"),
        (CheckCode.LEADER_TITLE, Severity.BLOCKING, "副区长"),
    ]
    assert {f.field for f in report.findings} == {"body"}
    assert report.fatal() == ()
    assert len(report.blocking()) == 3
    assert not report.passed
    for finding in report.findings:
        assert (
            report.texts[finding.field].text[finding.start : finding.end]
            == finding.matched
        )
        assert finding.message_zh
        assert finding.message_en


def test_report_lists_every_checked_text_including_attachment_parts(
    full_context: CheckContext,
) -> None:
    report = run_checks(RELEASE, full_context)
    assert list(report.texts) == ["title", "summary", "body", "attachment:名单.docx"]
    assert report.texts["attachment:名单.docx"].attachment == "名单.docx"


def test_clean_release_passes(full_context: CheckContext) -> None:
    document = CheckedDocument.from_plain_text(
        "区民政局开展冬季送温暖活动",
        "近日，区民政局走访慰问困难群众120户，送去米、面、油等生活物资。",
    )
    report = run_checks(document, full_context)
    assert report.findings == ()
    assert report.passed
    assert report.gate().passed


def test_blocking_findings_pass_the_gate_only_when_each_is_overridden_with_a_reason(
    full_context: CheckContext,
) -> None:
    report = run_checks(RELEASE, full_context)
    blocking = report.blocking()
    reasons = [
        Override(f.fingerprint, reason="已取得本人书面同意", reviewer="审核员")
        for f in blocking
    ]
    assert not report.gate(reasons[:-1]).passed
    decision = report.gate(reasons)
    assert decision.passed
    assert [f for f, _ in decision.overridden] == list(blocking)


def test_override_without_a_reason_is_rejected(full_context: CheckContext) -> None:
    report = run_checks(RELEASE, full_context)
    overrides = [Override(f.fingerprint, reason="  ") for f in report.blocking()]
    decision = report.gate(overrides)
    assert not decision.passed
    assert decision.rejected == tuple(overrides)


def test_override_for_a_finding_no_longer_reported_is_unmatched(
    full_context: CheckContext,
) -> None:
    decision = run_checks(RELEASE, full_context).gate(
        [Override("0" * 32, reason="旧意见")]
    )
    assert [o.reason for o in decision.unmatched] == ["旧意见"]


def test_fingerprint_survives_edits_elsewhere_in_the_field(
    full_context: CheckContext,
) -> None:
    before = run_checks(RELEASE, full_context).blocking()[0]
    edited = dataclasses.replace(
        RELEASE, body_html="<p>（更新）</p>" + RELEASE.body_html
    )
    after = run_checks(edited, full_context).blocking()[0]
    assert after.start != before.start
    assert after.fingerprint == before.fingerprint


def test_tenant_severity_settings_apply_to_their_codes(
    platform_lexicon: CompiledLexicon,
) -> None:
    context = CheckContext(
        lexicons=(platform_lexicon,),
        today=TODAY,
        severities={
            CheckCode.LANDLINE_NUMBER: Severity.WARNING,
            CheckCode.MOBILE_NUMBER: Severity.WARNING,
        },
    )
    report = run_checks(RELEASE, context)
    assert {f.code: f.severity for f in report.findings}[
        CheckCode.LANDLINE_NUMBER
    ] is Severity.WARNING
    assert [f.code for f in report.blocking()] == [CheckCode.RESIDENT_ID_NUMBER]


def test_disabled_codes_are_not_reported(full_context: CheckContext) -> None:
    context = dataclasses.replace(
        full_context,
        disabled=frozenset({CheckCode.LANDLINE_NUMBER, CheckCode.LEADER_TITLE}),
    )
    codes = {f.code for f in run_checks(RELEASE, context).findings}
    assert codes == {CheckCode.RESIDENT_ID_NUMBER, CheckCode.MOBILE_NUMBER}


def test_findings_are_ordered_by_field_then_position(
    platform_lexicon: CompiledLexicon,
) -> None:
    document = CheckedDocument(
        title="国家工商总局通知",
        summary="联系13800138000",
        body_html="<p>布署工作，原国家工商总局。</p>",
        attachments=(Attachment("a.txt", "按排".encode()),),
    )
    report = run_checks(
        document, CheckContext(lexicons=(platform_lexicon,), today=TODAY)
    )
    assert [(f.field, f.matched) for f in report.findings] == [
        ("title", "国家工商总局"),
        ("summary", "13800138000"),
        ("body", "布署"),
        ("attachment:a.txt", "按排"),
    ]
    assert report.counts() == {
        Severity.FATAL: 0,
        Severity.BLOCKING: 1,
        Severity.WARNING: 3,
        Severity.INFO: 0,
    }


def test_empty_document_gives_an_empty_report() -> None:
    report = run_checks(CheckedDocument(), CheckContext())
    assert report.findings == ()
    assert report.passed
