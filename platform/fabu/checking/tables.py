"""Checking tables: each unit's own lexicon entries and the stored report of each release version."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class TenantLexiconEntry(Table, tablename="lexicon_entries", db=DB):
    """A wrong expression or sensitive word of one unit, checked after the platform's lexicon."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    term = Text()
    kind = Varchar(length=32)
    severity = Varchar(length=16)
    correction = Text(null=True)
    note = Text(default="")
    created_by_person_id = UUID()
    created_at = Timestamptz()


class CheckReportRecord(Table, tablename="check_reports", db=DB):
    """What the pre-publication checks found in one release version (append-only)."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    version_number = Integer()
    version_sha256 = Varchar(length=64)
    lexicon_sha256 = Varchar(length=64)
    findings = JSONB(default=[])
    texts = JSONB(default={})
    fatal_count = Integer()
    blocking_count = Integer()
    warning_count = Integer()
    info_count = Integer()
    created_at = Timestamptz()
