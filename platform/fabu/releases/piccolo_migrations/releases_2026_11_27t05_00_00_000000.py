"""Per-channel variants of a release (a WeChat digest, a short Weibo text...), as the release row holds them now."""

from fabu.db.migrations import sql_migration

ID = "2026-11-27T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "releases: per-channel variants"

# The versions already hold them in their content; this column mirrors the current ones, like the
# other editable fields. A JSON object {channel: {field: value}}.
SQL = """
ALTER TABLE releases ADD COLUMN variants jsonb NOT NULL DEFAULT '{}'::jsonb
    CHECK (jsonb_typeof(variants) = 'object');
"""

forwards = sql_migration(ID, "releases", DESCRIPTION, SQL)
