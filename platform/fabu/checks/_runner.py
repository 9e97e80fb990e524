"""The single entry point: run every check on a document and collect a report."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from fabu.checks._attachment_checks import attachment_findings, attachment_units
from fabu.checks._attachment_types import Attachment
from fabu.checks._attachments import extract_attachment
from fabu.checks._codes import CheckCode
from fabu.checks._context import CheckContext
from fabu.checks._corpus import DuplicateMatch
from fabu.checks._document import CheckedDocument
from fabu.checks._fields import BODY, SUMMARY, TITLE
from fabu.checks._finding import Finding
from fabu.checks._html import html_to_text
from fabu.checks._published_checks import check_contradictions, check_near_duplicates
from fabu.checks._report import CheckedText, CheckReport
from fabu.checks._text_checks import (
    check_confidentiality,
    check_leader_titles,
    check_lexicons,
    check_personal_data,
)
from fabu.checks._unit import TextUnit

_LEXICON_CODES = frozenset({CheckCode.WRONG_EXPRESSION, CheckCode.SENSITIVE_WORD})
_PERSONAL_CODES = frozenset(
    {CheckCode.RESIDENT_ID_NUMBER, CheckCode.MOBILE_NUMBER, CheckCode.LANDLINE_NUMBER,
     CheckCode.BANK_CARD_NUMBER, CheckCode.EMAIL_ADDRESS}
)  # fmt: skip


def run_checks(document: CheckedDocument, context: CheckContext) -> CheckReport:
    """Check a release's title, summary, HTML body and attachments; never raises on bad content.

    Every text field (title, summary, the body's visible text, each attachment's content,
    metadata fields and comments) gets the lexicon, personal-data, confidentiality and leader
    checks; the body is also compared with the published corpus for near-duplicates, and the
    title, summary and body for contradictions.
    """
    body = html_to_text(document.body_html)
    release_units = (
        TextUnit(TITLE, document.title),
        TextUnit(SUMMARY, document.summary),
        TextUnit(BODY, body.text),
    )
    units = list(release_units)
    texts = {unit.field: CheckedText(unit.field, unit.text) for unit in units}
    texts[BODY] = CheckedText(BODY, body.text, html=body)
    findings: list[Finding] = []
    for attachment in _uniquely_named(document.attachments):
        extracted = extract_attachment(
            attachment, max_chars=context.max_attachment_chars
        )
        findings += attachment_findings(extracted)
        for unit in attachment_units(extracted):
            units.append(unit)
            texts[unit.field] = CheckedText(
                unit.field, unit.text, attachment=attachment.name
            )
    for unit in units:
        if unit.text.strip():
            findings += _text_findings(unit, context)
    duplicates: list[DuplicateMatch] = []
    published = context.published
    if published is not None and len(published):
        if _enabled(context, {CheckCode.NEAR_DUPLICATE}) and body.text.strip():
            found, duplicates = check_near_duplicates(release_units[2], published)
            findings += found
        if _enabled(context, {CheckCode.CONTRADICTION}):
            for unit in release_units:
                findings += check_contradictions(unit, published)
    order = {field: index for index, field in enumerate(texts)}
    return CheckReport(
        tuple(_finalised(findings, context, order)), texts, tuple(duplicates)
    )


def _text_findings(unit: TextUnit, context: CheckContext) -> list[Finding]:
    findings = check_confidentiality(unit)
    if context.lexicons and _enabled(context, _LEXICON_CODES):
        findings += check_lexicons(unit, context.lexicons)
    if _enabled(context, _PERSONAL_CODES):
        findings += check_personal_data(unit, context.today)
    if context.roster is not None and _enabled(context, {CheckCode.LEADER_TITLE}):
        findings += check_leader_titles(unit, context.roster)
    return findings


def _enabled(context: CheckContext, codes: Iterable[CheckCode]) -> bool:
    return any(code not in context.disabled for code in codes)


def _finalised(
    findings: list[Finding], context: CheckContext, order: dict[str, int]
) -> list[Finding]:
    kept = []
    for finding in findings:
        if finding.code in context.disabled:
            continue
        severity = context.severity_for(finding.code, finding.severity)
        kept.append(
            finding if severity is finding.severity else finding.with_severity(severity)
        )
    return sorted(
        kept,
        key=lambda f: (
            order.get(f.field, len(order)),
            f.start,
            f.end,
            -f.severity.rank,
            f.code,
        ),
    )


def _uniquely_named(attachments: Iterable[Attachment]) -> Iterable[Attachment]:
    # Two attachments with one name would share their fields; the second becomes "name (2)".
    seen: set[str] = set()
    for attachment in attachments:
        name = attachment.name
        number = 2
        while name in seen:
            name = f"{attachment.name} ({number})"
            number += 1
        seen.add(name)
        yield (
            attachment
            if name == attachment.name
            else dataclasses.replace(attachment, name=name)
        )
