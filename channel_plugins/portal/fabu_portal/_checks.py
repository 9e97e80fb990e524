"""The portal's own rules for a release, beyond the declared limits: disclosure metadata and accessibility."""

from __future__ import annotations

from typing import Final

from fabu.channels import Bilingual, Finding, ReleaseSnapshot, Severity
from fabu_portal._a11y import check_fragment
from fabu_portal._article import written_on

__all__ = ["portal_findings"]

# Body problems that would make the page fail WCAG 2.1 AA block publication; the others warn.
_BLOCKING: Final = frozenset({"image_alt_missing", "control_label_missing", "link_text_missing"})
_A11Y_ZH: Final = {
    "image_alt_missing": "正文图片须有替代文本（alt）",
    "control_label_missing": "正文表单控件须有标签",
    "link_text_missing": "正文链接须有文字",
    "heading_too_high": "正文标题应从二级标题（h2）开始，一级标题留给文章标题",
    "heading_order": "正文标题层级不应跳跃",
    "layout_table": "正文表格应有表头，不应用表格排版",
    "duplicate_id": "正文 id 不应重复",
}
_A11Y_EN: Final = {
    "image_alt_missing": "Images in the body need alt text",
    "control_label_missing": "Form controls in the body need labels",
    "link_text_missing": "Links in the body need text",
    "heading_too_high": "Body headings start at h2; h1 is the article's title",
    "heading_order": "Body heading levels must not skip",
    "layout_table": "Tables in the body need header cells; do not lay out text with tables",
    "duplicate_id": "Ids in the body must be unique",
}


def portal_findings(release: ReleaseSnapshot) -> list[Finding]:
    """Missing disclosure metadata (warnings), a malformed written date, and the body's accessibility."""
    findings = []
    for field, zh, en in (
        ("index_number", "建议填写索引号", "An index number (索引号) is expected"),
        ("category", "建议填写主题分类", "A category is expected"),
        ("department", "建议填写发布机构", "An issuing body is expected"),
    ):
        if not getattr(release, field).strip():
            findings.append(
                Finding(
                    field=field,
                    code=f"{field}_missing",
                    message=Bilingual(zh=zh, en=en),
                    severity=Severity.WARNING,
                )
            )
    try:
        written_on(release)
    except ValueError:
        findings.append(
            Finding(
                field="variant.written_date",
                code="written_date_invalid",
                message=Bilingual(zh="成文日期须为 YYYY-MM-DD 格式", en="The date written must be YYYY-MM-DD"),
            )
        )
    for problem in check_fragment(release.body_html, top=2):
        findings.append(
            Finding(
                field="body",
                code=f"body_{problem.code}",
                message=Bilingual(zh=_A11Y_ZH[problem.code], en=_A11Y_EN[problem.code]),
                severity=Severity.ERROR if problem.code in _BLOCKING else Severity.WARNING,
            )
        )
    return findings
