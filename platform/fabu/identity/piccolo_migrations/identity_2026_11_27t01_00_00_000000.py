"""Platform administrators: people who run the platform, members of no unit.

A platform table, not a tenant-owned one: it has no ``tenant_id`` and no tenant policy. The app
role may only read it (to check a login and a token); administrators are created and disabled
from the owner side (``fabu platform-admins``). Nothing here widens what the app role can see
of any unit.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import grant_app

ID = "2026-11-27T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "identity: platform administrators"

SQL = f"""
CREATE TABLE platform_admins (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username varchar(64) NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{{2,64}}$'),
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
{grant_app("platform_admins", "SELECT")}
"""

forwards = sql_migration(ID, "identity", DESCRIPTION, SQL)
