"""Refusing classified material on save: a fatal confidentiality marking (密级标识) never gets stored.

The rule is the pre-publication checks' own (``fabu.checks``): marked forms such as ``秘密★1年``
anywhere, a bare level word such as ``机密`` heading the text, internal-circulation notices.
Loose terms (``商业秘密``) are not refused here; the checks raise them for a person to judge.
Attachments are checked once, when added: their bytes never change afterwards.
"""

from __future__ import annotations

from fabu.checks import (
    Attachment,
    CheckCode,
    CheckContext,
    CheckedDocument,
    find_confidentiality_markings,
    html_to_text,
    run_checks,
)
from fabu.errors import FabuError, FabuErrors
from fabu.releases.content import ReleaseFields
from fabu.releases.errors import ReleaseErrorCode

# Only the marking check runs on attachments here; it cannot be disabled, everything else is.
_MARKINGS_ONLY = CheckContext(disabled=frozenset(set(CheckCode) - {CheckCode.CONFIDENTIALITY_MARKING}))


def _refusal(field: str, label_zh: str, label_en: str, marking: str) -> FabuError:
    return FabuError(
        ReleaseErrorCode.CONFIDENTIALITY_MARKING,
        f"{label_zh}含密级标识“{marking}”：涉密或内部资料不得录入、不得公开发布",
        f"the {label_en} carries the confidentiality marking “{marking}”: classified or internal material "
        "must not be entered or published",
        field=field,
    )


def _first_fatal(text: str) -> str | None:
    for match in find_confidentiality_markings(text):
        if match.fatal:
            return text[match.start : match.end]
    return None


def refuse_marked_fields(fields: ReleaseFields) -> None:
    """Raise ``FabuErrors`` naming every field whose text carries a fatal marking."""
    texts: list[tuple[str, str, str, str]] = [
        ("title", "标题", "title", fields.title),
        ("summary", "摘要", "summary", fields.summary),
        ("bodyHtml", "正文", "body", html_to_text(fields.body_html).text),
    ]
    for index, source in enumerate(fields.sources):
        at = f"sources[{index}]"
        texts += [
            (f"{at}.claim", "来源依据的表述", "source claim", source.claim),
            (f"{at}.sourceTitle", "来源名称", "source title", source.source_title),
            (f"{at}.documentReference", "来源出处", "source reference", source.document_reference),
        ]
    errors = []
    for field, label_zh, label_en, text in texts:
        marking = _first_fatal(text)
        if marking is not None:
            errors.append(_refusal(field, label_zh, label_en, marking))
    if errors:
        raise FabuErrors(errors)


def refuse_marked_file(name: str, data: bytes, content_type: str, field: str) -> None:
    """Raise if the file's name, text, page headers, properties or comments carry a fatal marking."""
    marking = _first_fatal(name)
    if marking is None:
        report = run_checks(CheckedDocument(attachments=(Attachment(name, data, content_type),)), _MARKINGS_ONLY)
        fatal = report.fatal()
        marking = fatal[0].matched if fatal else None
    if marking is not None:
        raise _refusal(field, f"文件“{name}”", f"file “{name}”", marking)
