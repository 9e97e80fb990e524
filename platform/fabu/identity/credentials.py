"""Turning the ``Authorization`` header into a ``Viewer`` inside the request's tenant transaction."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError
from fabu.identity.errors import IdentityErrorCode
from fabu.identity.tokens import (
    API_TOKEN_PREFIX,
    AccessClaims,
    OpaqueToken,
    PlatformClaims,
    decode_token,
    digest_secret,
    invalid_token,
)
from fabu.identity.viewer import Viewer
from fabu.settings import Settings
from fabu.tenancy.roles import Role


@dataclass(frozen=True)
class Credentials:
    """What the header claims, checked cryptographically but not yet against the database.

    A unit's credentials carry its ``tenant_id``; a platform administrator's carry ``platform``
    and no tenant, so their transaction sees no unit's rows.
    """

    tenant_id: UUID | None
    access: AccessClaims | None = None
    api_token: OpaqueToken | None = None
    platform: PlatformClaims | None = None


def parse_authorization(header: str | None, settings: Settings) -> Credentials | None:
    """Verify a bearer token's form and signature; None when there is no header."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise invalid_token()
    token = token.strip()
    if token.startswith(API_TOKEN_PREFIX + "."):
        parsed = OpaqueToken.parse(token, API_TOKEN_PREFIX)
        return Credentials(tenant_id=parsed.tenant_id, api_token=parsed)
    claims = decode_token(
        token,
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    if isinstance(claims, PlatformClaims):
        return Credentials(tenant_id=None, platform=claims)
    return Credentials(tenant_id=claims.tenant_id, access=claims)


_VIEWER_COLUMNS = """
    a.id as account_id, a.person_id, a.username, p.name,
    coalesce((select array_agg(m.department_id::text || ':' || m.role) from memberships m
              where m.tenant_id = a.tenant_id and m.person_id = a.person_id), '{}') as memberships
"""


async def load_viewer(credentials: Credentials) -> Viewer:
    """Check the credentials against the database (revocation, expiry) in the current tenant transaction."""
    if credentials.platform is not None or credentials.tenant_id is None:
        raise platform_token_refused()
    if credentials.access is not None:
        row = await DB.fetchrow(
            f"""select {_VIEWER_COLUMNS}, s.id as session_id, null::uuid as api_token_id
                from login_sessions s join accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id
                join people p on p.tenant_id = a.tenant_id and p.id = a.person_id
                where s.id = $1 and s.account_id = $2 and s.revoked_at is null and not a.disabled""",
            credentials.access.session_id,
            credentials.access.account_id,
        )
    else:
        assert credentials.api_token is not None
        row = await DB.fetchrow(
            f"""select {_VIEWER_COLUMNS}, null::uuid as session_id, t.id as api_token_id
                from api_tokens t join accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id
                join people p on p.tenant_id = a.tenant_id and p.id = a.person_id
                where t.id = $1 and t.token_hash = $2 and t.revoked_at is null
                  and (t.expires_at is null or t.expires_at > now()) and not a.disabled""",
            credentials.api_token.record_id,
            digest_secret(credentials.api_token.secret),
        )
    if row is None:
        raise FabuError(
            IdentityErrorCode.TOKEN_REVOKED,
            "令牌已失效（已登出、已吊销或账号停用）",
            "the token is no longer valid (logged out, revoked or account disabled)",
            field="authorization",
        )
    memberships = frozenset(
        (UUID(department), Role(role)) for department, _, role in (m.partition(":") for m in row["memberships"])
    )
    return Viewer(
        tenant_id=credentials.tenant_id,
        account_id=row["account_id"],
        person_id=row["person_id"],
        username=row["username"],
        name=row["name"],
        session_id=row["session_id"],
        api_token_id=row["api_token_id"],
        memberships=memberships,
    )


def platform_token_refused() -> FabuError:
    """A platform administrator's token used where a unit's person must act."""
    return FabuError(
        CommonErrorCode.FORBIDDEN,
        "平台管理员令牌不能用于单位的操作，请用单位账号登录",
        "a platform admin token cannot be used for a unit's operations; log in with a unit account",
        field="authorization",
    )
