"""Identity tables: local accounts, login sessions (refresh tokens), API tokens and platform administrators."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class Account(Table, tablename="accounts", db=DB):
    """A local login for a person of a unit."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    person_id = UUID()
    username = Varchar(length=64)
    password_hash = Text()
    disabled = Boolean(default=False)
    created_at = Timestamptz()


class LoginSession(Table, tablename="login_sessions", db=DB):
    """One login: its refresh token (stored hashed) and whether it was revoked."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    account_id = UUID()
    refresh_hash = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class ApiToken(Table, tablename="api_tokens", db=DB):
    """A long-lived token an integration uses instead of a password."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    account_id = UUID()
    name = Text()
    token_hash = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class PlatformAdmin(Table, tablename="platform_admins", db=DB):
    """A platform administrator (平台管理员): runs the platform, belongs to no unit."""

    id = UUID(primary_key=True)
    username = Varchar(length=64)
    password_hash = Text()
    disabled = Boolean(default=False)
    created_at = Timestamptz()
