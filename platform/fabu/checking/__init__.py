"""Pre-publication checks wired to a unit's data: its lexicon, leaders and published releases; stored reports."""

from fabu.checking.context import PUBLISHED_STATES, UnitContext, leaders_roster, published_index, unit_context
from fabu.checking.lexicon import NewLexiconEntry, UnitLexicon, add_entry, platform_lexicon, remove_entry, unit_lexicon
from fabu.checking.reports import (
    StoredReport,
    check_version,
    current_report,
    finding_document,
    latest_report,
    release_attachments,
)

__all__ = [
    "PUBLISHED_STATES",
    "NewLexiconEntry",
    "StoredReport",
    "UnitContext",
    "UnitLexicon",
    "add_entry",
    "check_version",
    "current_report",
    "finding_document",
    "latest_report",
    "leaders_roster",
    "platform_lexicon",
    "published_index",
    "release_attachments",
    "remove_entry",
    "unit_context",
    "unit_lexicon",
]
