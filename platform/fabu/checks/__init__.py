"""Pre-publication checks of a release: pure Python, no database, no I/O beyond the given bytes.

Prepare once, check many::

    from fabu.checks import (
        CheckContext, CheckedDocument, PublishedIndex, Roster, compile_lexicon,
        load_platform_lexicon, run_checks,
    )

    platform = compile_lexicon(load_platform_lexicon())          # once per process
    context = CheckContext(
        lexicons=(platform, compile_lexicon(tenant_lexicon)),     # once per tenant change
        roster=Roster.from_mapping({"张三": ["市长"]}),
        published=PublishedIndex(published_releases),
    )
    report = run_checks(CheckedDocument(title=..., body_html=..., attachments=...), context)
    report.fatal(), report.blocking(), report.gate(overrides).passed

Findings' offsets index the plain text of their field, given in ``report.texts``; for the
HTML body, ``report.texts["body"].source_span`` maps them back to the HTML.
"""

from fabu.checks._attachment_types import (
    Attachment,
    AttachmentFormat,
    ExtractedAttachment,
)
from fabu.checks._attachments import detect_format, extract_attachment
from fabu.checks._automaton import CompiledLexicon, LexiconMatch, compile_lexicon
from fabu.checks._codes import CheckCode, Severity
from fabu.checks._confidentiality import MarkingMatch, find_confidentiality_markings
from fabu.checks._context import CheckContext
from fabu.checks._corpus import (
    Contradiction,
    DuplicateMatch,
    PublishedIndex,
    PublishedRelease,
)
from fabu.checks._document import CheckedDocument
from fabu.checks._fields import (
    BODY,
    SUMMARY,
    TITLE,
    attachment_field,
    is_attachment_field,
)
from fabu.checks._finding import Finding, Passage
from fabu.checks._html import PlainText, html_to_text
from fabu.checks._leaders import Leader, LeaderTitleIssue, Roster
from fabu.checks._lexicon import (
    EntryKind,
    Lexicon,
    LexiconEntry,
    LexiconError,
    load_platform_lexicon,
)
from fabu.checks._normalize import normalize
from fabu.checks._numbers import (
    is_valid_resident_id,
    luhn_valid,
    resident_id_check_char,
)
from fabu.checks._personal_data import (
    PersonalDataKind,
    PersonalDataMatch,
    find_personal_data,
)
from fabu.checks._report import CheckedText, CheckReport, GateDecision, Override
from fabu.checks._runner import run_checks

__all__ = [
    "BODY",
    "SUMMARY",
    "TITLE",
    "Attachment",
    "AttachmentFormat",
    "CheckCode",
    "CheckContext",
    "CheckReport",
    "CheckedDocument",
    "CheckedText",
    "CompiledLexicon",
    "Contradiction",
    "DuplicateMatch",
    "EntryKind",
    "ExtractedAttachment",
    "Finding",
    "GateDecision",
    "Leader",
    "LeaderTitleIssue",
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "LexiconMatch",
    "MarkingMatch",
    "Override",
    "Passage",
    "PersonalDataKind",
    "PersonalDataMatch",
    "PlainText",
    "PublishedIndex",
    "PublishedRelease",
    "Roster",
    "Severity",
    "attachment_field",
    "compile_lexicon",
    "detect_format",
    "extract_attachment",
    "find_confidentiality_markings",
    "find_personal_data",
    "html_to_text",
    "is_attachment_field",
    "is_valid_resident_id",
    "load_platform_lexicon",
    "luhn_valid",
    "normalize",
    "resident_id_check_char",
    "run_checks",
]
