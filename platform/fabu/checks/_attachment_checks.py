"""An extracted attachment as checkable texts, and findings about the file itself."""

from __future__ import annotations

from fabu.checks._attachment_types import ExtractedAttachment
from fabu.checks._codes import CheckCode, Severity
from fabu.checks._fields import attachment_field
from fabu.checks._finding import Finding
from fabu.checks._unit import TextUnit

# Metadata that names people: worth removing before publication, whatever it says.
_PEOPLE = {
    "author": ("作者", "author"),
    "last_modified_by": ("最后修改者", "last modified by"),
}


def attachment_units(extracted: ExtractedAttachment) -> list[TextUnit]:
    """The content, each metadata field, each comment and any hidden text, as separate fields."""
    name = extracted.name
    units = [TextUnit(attachment_field(name), extracted.content, name)]
    units += [
        TextUnit(attachment_field(name, f"metadata.{key}"), value, name)
        for key, value in extracted.metadata.items()
    ]
    units += [
        TextUnit(attachment_field(name, f"comment.{number}"), text, name)
        for number, text in enumerate(extracted.comments, start=1)
    ]
    if extracted.hidden_text.strip():
        units.append(
            TextUnit(attachment_field(name, "hidden"), extracted.hidden_text, name)
        )
    return units


def attachment_findings(extracted: ExtractedAttachment) -> list[Finding]:
    """Findings about the file: unreadable, unsupported, hidden data, comments, people in metadata."""
    name = extracted.name
    field = attachment_field(name)
    findings = [
        Finding(
            issue.code,
            issue.severity,
            field,
            0,
            0,
            "",
            issue.message_zh,
            issue.message_en,
            attachment=name,
        )
        for issue in extracted.issues
    ]
    if extracted.comments:
        count = len(extracted.comments)
        findings.append(
            Finding(
                CheckCode.ATTACHMENT_COMMENTS,
                Severity.WARNING,
                field,
                0,
                0,
                "",
                f"附件“{name}”含有{count}条批注或注释，发布前请删除。",
                f"Attachment {name!r} has {count} comment(s) or annotation(s); remove them before publishing.",
                attachment=name,
            )
        )
    for key, (zh, en) in _PEOPLE.items():
        value = extracted.metadata.get(key)
        if value:
            findings.append(
                Finding(
                    CheckCode.ATTACHMENT_METADATA,
                    Severity.INFO,
                    attachment_field(name, f"metadata.{key}"),
                    0,
                    len(value),
                    value,
                    f"附件“{name}”的文档属性中含有{zh}“{value}”，建议发布前清除文档属性。",
                    f"The properties of attachment {name!r} record the {en} “{value}”; consider "
                    "clearing them before publishing.",
                    attachment=name,
                )
            )
    return findings
