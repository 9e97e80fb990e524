"""Attachments: text and metadata are extracted and checked; the file's own problems reported."""

from __future__ import annotations

from fabu.checks import (
    Attachment,
    AttachmentFormat,
    CheckCode,
    CheckContext,
    CheckedDocument,
    CheckReport,
    Severity,
    detect_format,
    extract_attachment,
    run_checks,
)

from .checks_support import TODAY, build_docx, build_pdf, build_xlsx, valid_resident_id

ID_NUMBER = valid_resident_id("32010219780505201")


def check(*attachments: Attachment, context: CheckContext | None = None) -> CheckReport:
    document = CheckedDocument(
        title="关于公布2024年度低保审核结果的公示", attachments=attachments
    )
    return run_checks(document, context or CheckContext(today=TODAY))


def codes(report: CheckReport) -> list[tuple[CheckCode, Severity, str]]:
    return [(f.code, f.severity, f.field) for f in report.findings]


def test_identity_number_in_a_word_paragraph_is_reported_against_the_attachment() -> (
    None
):
    data = build_docx(
        ["低保对象名单如下：", f"1. 王某某，身份证号{ID_NUMBER}，家庭人口3人。"]
    )
    report = check(Attachment("名单.docx", data))
    [finding] = report.findings
    assert (finding.code, finding.field, finding.attachment) == (
        CheckCode.RESIDENT_ID_NUMBER,
        "attachment:名单.docx",
        "名单.docx",
    )
    assert (
        report.texts["attachment:名单.docx"].text[finding.start : finding.end]
        == ID_NUMBER
    )


def test_marking_in_a_word_page_header_is_fatal() -> None:
    data = build_docx(["各科室：", "现将有关事项通知如下。"], header="秘密★1年")
    report = check(Attachment("通知.docx", data))
    [finding] = report.fatal()
    assert (finding.code, finding.matched) == (
        CheckCode.CONFIDENTIALITY_MARKING,
        "秘密★1年",
    )


def test_level_alone_on_the_first_line_of_a_word_file_is_fatal() -> None:
    report = check(Attachment("a.docx", build_docx(["机密", "关于人事调整的请示"])))
    assert [f.matched for f in report.fatal()] == ["机密"]


def test_phone_number_in_a_word_table_is_reported() -> None:
    data = build_docx(["联系表"], table=[["姓名", "电话"], ["李某", "13912345678"]])
    report = check(Attachment("联系表.docx", data))
    assert codes(report) == [
        (CheckCode.MOBILE_NUMBER, Severity.BLOCKING, "attachment:联系表.docx")
    ]
    assert "李某\t13912345678" in report.texts["attachment:联系表.docx"].text


def test_word_metadata_is_checked_and_people_in_it_are_noted() -> None:
    data = build_docx(
        ["正文"],
        properties={"title": "机密", "author": "张三", "last_modified_by": "李四"},
    )
    report = check(Attachment("a.docx", data))
    assert codes(report) == [
        (
            CheckCode.CONFIDENTIALITY_MARKING,
            Severity.FATAL,
            "attachment:a.docx#metadata.title",
        ),
        (
            CheckCode.ATTACHMENT_METADATA,
            Severity.INFO,
            "attachment:a.docx#metadata.author",
        ),
        (
            CheckCode.ATTACHMENT_METADATA,
            Severity.INFO,
            "attachment:a.docx#metadata.last_modified_by",
        ),
    ]


def test_word_comment_is_reported_and_its_text_checked() -> None:
    data = build_docx(["各单位："], comment="请删除联系人电话13800138000")
    report = check(Attachment("a.docx", data))
    assert codes(report) == [
        (CheckCode.ATTACHMENT_COMMENTS, Severity.WARNING, "attachment:a.docx"),
        (CheckCode.MOBILE_NUMBER, Severity.BLOCKING, "attachment:a.docx#comment.1"),
    ]


def test_text_deleted_with_tracked_changes_is_still_checked() -> None:
    data = build_docx(["申请人："], deleted=f"身份证号{ID_NUMBER}")
    report = check(Attachment("a.docx", data))
    assert codes(report) == [
        (CheckCode.ATTACHMENT_REVISIONS, Severity.WARNING, "attachment:a.docx"),
        (CheckCode.RESIDENT_ID_NUMBER, Severity.BLOCKING, "attachment:a.docx#hidden"),
    ]


def test_identity_numbers_in_a_spreadsheet_are_reported_per_cell() -> None:
    second = valid_resident_id("32010219800101202")
    data = build_xlsx(
        [
            ["姓名", "身份证号", "补助金额"],
            ["王某", ID_NUMBER, 1200],
            ["李某", second, 800],
        ]
    )
    report = check(Attachment("公示.xlsx", data))
    assert [f.matched for f in report.findings] == [ID_NUMBER, second]


def test_hidden_sheet_and_hidden_row_are_reported_and_their_data_checked() -> None:
    data = build_xlsx(
        [["姓名", "金额"], ["王某", 100], ["李某 13800138000", 200]],
        hide_row=3,
        hidden_sheet=[["备注", "秘密★1年"]],
    )
    report = check(Attachment("表.xlsx", data))
    [hidden] = [
        f for f in report.findings if f.code is CheckCode.ATTACHMENT_HIDDEN_CONTENT
    ]
    assert "备用" in hidden.message_zh
    assert "第3行" in hidden.message_zh
    assert [f.code for f in report.findings if f.severity.stops_gate] == [
        CheckCode.MOBILE_NUMBER,
        CheckCode.CONFIDENTIALITY_MARKING,
    ]


def test_spreadsheet_comment_and_creator_are_reported() -> None:
    data = build_xlsx([["项目", "金额"]], comment=("B1", "金额待核实"), creator="赵六")
    report = check(Attachment("表.xlsx", data))
    assert [f.code for f in report.findings] == [
        CheckCode.ATTACHMENT_COMMENTS,
        CheckCode.ATTACHMENT_METADATA,
    ]


def test_pdf_text_metadata_and_annotations_are_checked() -> None:
    data = build_pdf(
        ["关于2024年春季招生工作的通知", "联系人：王老师 13800138000"],
        info={"Title": "招生通知", "Author": "区教育局"},
        annotation=f"核对身份证{ID_NUMBER}",
    )
    report = check(Attachment("通知.pdf", data))
    assert codes(report) == [
        (CheckCode.ATTACHMENT_COMMENTS, Severity.WARNING, "attachment:通知.pdf"),
        (CheckCode.MOBILE_NUMBER, Severity.BLOCKING, "attachment:通知.pdf"),
        (
            CheckCode.ATTACHMENT_METADATA,
            Severity.INFO,
            "attachment:通知.pdf#metadata.author",
        ),
        (
            CheckCode.RESIDENT_ID_NUMBER,
            Severity.BLOCKING,
            "attachment:通知.pdf#comment.1",
        ),
    ]


def test_pdf_without_a_text_layer_asks_for_a_person() -> None:
    data = build_pdf([])
    report = check(Attachment("扫描件.pdf", data))
    assert codes(report) == [
        (CheckCode.ATTACHMENT_UNSUPPORTED, Severity.WARNING, "attachment:扫描件.pdf")
    ]


def test_corrupt_office_file_is_blocking_because_nobody_checked_it() -> None:
    report = check(Attachment("坏文件.docx", b"PK\x03\x04 not really a zip"))
    [finding] = report.findings
    assert (finding.code, finding.severity) == (
        CheckCode.ATTACHMENT_UNREADABLE,
        Severity.BLOCKING,
    )
    assert finding.overridable


def test_unsupported_format_is_a_warning() -> None:
    report = check(Attachment("照片.jpg", b"\xff\xd8\xff\xe0 jpeg"))
    assert codes(report) == [
        (CheckCode.ATTACHMENT_UNSUPPORTED, Severity.WARNING, "attachment:照片.jpg")
    ]


def test_plain_text_attachment_in_gb18030_is_decoded_and_checked() -> None:
    data = "联系电话：13800138000".encode("gb18030")
    report = check(Attachment("说明.txt", data))
    assert [f.code for f in report.findings] == [CheckCode.MOBILE_NUMBER]


def test_format_is_recognised_from_content_before_name() -> None:
    assert (
        detect_format(Attachment("misnamed.pdf", build_docx(["x"])))
        is AttachmentFormat.DOCX
    )
    assert (
        detect_format(Attachment("no-extension", build_pdf(["x"])))
        is AttachmentFormat.PDF
    )


def test_archive_that_would_unpack_too_large_is_refused() -> None:
    extracted = extract_attachment(
        Attachment("a.xlsx", build_xlsx([["x"]])), max_unpacked_bytes=100
    )
    [issue] = extracted.issues
    assert issue.code is CheckCode.ATTACHMENT_UNREADABLE


def test_text_beyond_the_limit_is_not_checked_and_says_so() -> None:
    data = ("正文" * 50 + "13800138000").encode()
    report = check(
        Attachment("长.txt", data),
        context=CheckContext(max_attachment_chars=50, today=TODAY),
    )
    assert [f.code for f in report.findings] == [CheckCode.ATTACHMENT_TRUNCATED]


def test_attachments_with_the_same_name_get_separate_fields() -> None:
    first = Attachment("附件.txt", b"13800138000")
    second = Attachment("附件.txt", b"13900139000")
    report = check(first, second)
    assert [f.field for f in report.findings] == [
        "attachment:附件.txt",
        "attachment:附件.txt (2)",
    ]
