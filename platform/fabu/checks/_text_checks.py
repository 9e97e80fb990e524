"""The checks that read one field's text, turning matches into findings with messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fabu.checks._automaton import CompiledLexicon, LexiconMatch, resolve_overlaps
from fabu.checks._codes import CheckCode, Severity
from fabu.checks._confidentiality import scan_confidentiality
from fabu.checks._finding import Finding
from fabu.checks._leaders import Roster
from fabu.checks._lexicon import EntryKind
from fabu.checks._personal_data import PersonalDataKind, mask_email, scan_personal_data
from fabu.checks._unit import TextUnit


def check_lexicons(
    unit: TextUnit, lexicons: Sequence[CompiledLexicon]
) -> list[Finding]:
    """Wrong expressions and sensitive words; for the same span a later lexicon's entry wins."""
    by_span: dict[tuple[int, int], LexiconMatch] = {}
    for lexicon in lexicons:
        for match in lexicon.find_normalized(unit.normalized.text):
            by_span[match.start, match.end] = match
    return [_lexicon_finding(unit, m) for m in resolve_overlaps(by_span.values())]


def _lexicon_finding(unit: TextUnit, match: LexiconMatch) -> Finding:
    entry = match.entry
    written = unit.text[slice(*unit.normalized.to_original(match.start, match.end))]
    note = entry.note
    if entry.kind is EntryKind.WRONG_EXPRESSION:
        code = CheckCode.WRONG_EXPRESSION
        message = (
            f"“{written}”为错误或过时表述，应为“{entry.correction}”。{note}",
            f"“{written}” is a wrong or outdated expression; write “{entry.correction}”.",
        )
    else:
        code = CheckCode.SENSITIVE_WORD
        label = f"（{entry.category}）" if entry.category else ""
        instead_zh = (
            f"建议改为“{entry.correction}”。" if entry.correction else "请审慎使用。"
        )
        instead_en = (
            f" Consider “{entry.correction}”."
            if entry.correction
            else " Use with care."
        )
        message = (
            f"“{written}”为敏感词{label}，{instead_zh}{note}",
            f"“{written}” is a sensitive word.{instead_en}",
        )
    return unit.finding(
        code,
        entry.severity,
        (match.start, match.end),
        message,
        suggestion=entry.correction,
    )


_PERSONAL = {
    PersonalDataKind.RESIDENT_ID: (
        CheckCode.RESIDENT_ID_NUMBER,
        Severity.BLOCKING,
        "居民身份证号码",
        "resident ID number",
    ),
    PersonalDataKind.MOBILE: (
        CheckCode.MOBILE_NUMBER,
        Severity.BLOCKING,
        "手机号码",
        "mobile number",
    ),
    PersonalDataKind.LANDLINE: (
        CheckCode.LANDLINE_NUMBER,
        Severity.INFO,
        "固定电话号码",
        "landline number",
    ),
    PersonalDataKind.BANK_CARD: (
        CheckCode.BANK_CARD_NUMBER,
        Severity.BLOCKING,
        "银行卡号",
        "bank card number",
    ),
    PersonalDataKind.EMAIL: (
        CheckCode.EMAIL_ADDRESS,
        Severity.WARNING,
        "电子邮箱地址",
        "e-mail address",
    ),
}


def check_personal_data(unit: TextUnit, today: date | None) -> list[Finding]:
    """Identity, phone, bank card numbers and e-mail addresses, each with its masked form."""
    findings = []
    for match in scan_personal_data(unit.normalized.text, today=today):
        code, severity, zh, en = _PERSONAL[match.kind]
        start, end = unit.normalized.to_original(match.start, match.end)
        masked = (
            mask_email(unit.text[start:end])
            if match.kind is PersonalDataKind.EMAIL
            else match.masked
        )
        message = (
            f"疑似{zh}“{unit.text[start:end]}”，公开发布前应删除或按规定脱敏为“{masked}”。",
            f"Possible {en} “{unit.text[start:end]}”: remove it or mask it as “{masked}” before publishing.",
        )
        findings.append(
            unit.finding(
                code, severity, (start, end), message, suggestion=masked, original=True
            )
        )
    return findings


def check_confidentiality(unit: TextUnit) -> list[Finding]:
    """Confidentiality markings (fatal) and loose confidentiality terms (warning)."""
    findings = []
    for match in scan_confidentiality(unit.normalized.text):
        start, end = unit.normalized.to_original(match.start, match.end)
        written = unit.text[start:end]
        if match.fatal:
            where = "开头位置" if match.in_header else "文中"
            message = (
                f"{where}出现密级标识“{written}”。涉密或内部资料不得公开发布，此项不可豁免。",
                (
                    f"Confidentiality marking “{written}” found. Classified or internal material must "
                    "never be published; this cannot be overridden."
                ),
            )
            findings.append(
                unit.finding(
                    CheckCode.CONFIDENTIALITY_MARKING,
                    Severity.FATAL,
                    (start, end),
                    message,
                    original=True,
                )
            )
        else:
            message = (
                f"出现“{written}”字样，请人工确认内容不涉及国家秘密、工作秘密或内部事项。",
                (
                    f"“{written}” appears; a person must confirm the text does not concern classified "
                    "or internal matters."
                ),
            )
            findings.append(
                unit.finding(
                    CheckCode.CONFIDENTIALITY_TERM,
                    Severity.WARNING,
                    (start, end),
                    message,
                    original=True,
                )
            )
    return findings


def check_leader_titles(unit: TextUnit, roster: Roster) -> list[Finding]:
    """Titles next to leaders' names that the roster does not give them."""
    findings = []
    for issue in roster.scan(unit.normalized.text):
        start, end = unit.normalized.to_original(issue.start, issue.end)
        written = unit.text[start:end]
        name = issue.leader.name
        current = "、".join(issue.leader.titles)
        if not current:
            message = (
                f"名册中“{name}”无现任职务，文中称“{written}”，请核实。",
                f"The roster lists no current title for {name}; the text says “{written}”.",
            )
        else:
            former_zh = "（为其原任职务）" if issue.former else ""
            former_en = " (a former title)" if issue.former else ""
            message = (
                f"“{name}”的现任职务为“{current}”，文中称“{written}”{former_zh}，请更正。",
                f"{name}'s current title is “{current}”, the text says “{written}”{former_en}.",
            )
        findings.append(
            unit.finding(
                CheckCode.LEADER_TITLE, Severity.BLOCKING, (start, end), message,
                suggestion=issue.suggestion, original=True,
            )
        )  # fmt: skip
    return findings
