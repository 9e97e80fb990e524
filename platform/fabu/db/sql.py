"""SQL building blocks migrations share: row-level security and the app's grants."""

from __future__ import annotations

APP_GROUP = "fabu_app_rw"
"""The NOLOGIN role holding the app's privileges; the login role the API uses is a member."""

CURRENT_TENANT = "(select nullif(current_setting('fabu.tenant_id', true), '')::uuid)"
"""The tenant of the current transaction; the sub-select runs once per statement."""


def tenant_rls(table: str, column: str = "tenant_id") -> str:
    """Enable and force row-level security on ``table``, keyed by ``column``."""
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {table}
    USING ({column} = {CURRENT_TENANT})
    WITH CHECK ({column} = {CURRENT_TENANT});
"""


def grant_app(table: str, privileges: str = "SELECT, INSERT, UPDATE, DELETE") -> str:
    """Grant the app group ``privileges`` on ``table``."""
    return f"GRANT {privileges} ON {table} TO {APP_GROUP};\n"


def tenant_table(table: str, privileges: str = "SELECT, INSERT, UPDATE, DELETE") -> str:
    """Row-level security plus the app's grants for a tenant-owned table."""
    return tenant_rls(table) + grant_app(table, privileges)
