"""Archive tables: packages and their fixity checks. The schema is the SQL migration in
``piccolo_migrations``; these classes describe the same columns for querying."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, BigInt, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class ReleaseArchive(Table, tablename="release_archives", db=DB):
    """One archive package of a release (a BagIt bag in a ZIP), where it is kept and until when."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    object_key = Text()
    sha256 = Varchar(length=64)
    size = BigInt()
    payload_files = Integer()
    created_at = Timestamptz()
    created_by = Text()
    retain_until = Timestamptz(null=True, default=None)
    retention_rule = Text()
    locked_by_store = Boolean()


class ArchiveFixityCheck(Table, tablename="archive_fixity_checks", db=DB):
    """One re-reading of a package: whether it was intact, and what was wrong if not."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    archive_id = UUID()
    checked_at = Timestamptz()
    intact = Boolean()
    problems = JSONB(default=[])
