"""Login, refresh, logout: the life of a login session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from fabu import audit
from fabu.db.engine import DB
from fabu.db.session import switch_tenant
from fabu.errors import FabuError
from fabu.identity.errors import IdentityErrorCode
from fabu.identity.passwords import spend_verification_time, verify_password
from fabu.identity.throttle import LoginThrottle
from fabu.identity.tokens import AccessClaims, OpaqueToken, digest_secret, issue_access_token
from fabu.settings import Settings

REFRESH_PREFIX = "fabu_rt"


@dataclass(frozen=True)
class TokenPair:
    """What a successful login or refresh returns."""

    access_token: str
    refresh_token: str
    expires_in: int
    tenant_id: UUID
    account_id: UUID


def _invalid_credentials() -> FabuError:
    return FabuError(
        IdentityErrorCode.INVALID_CREDENTIALS,
        "单位代码、用户名或密码不正确",
        "unit code, username or password is incorrect",
        field="password",
    )


def _issue(settings: Settings, tenant_id: UUID, account_id: UUID, session_id: UUID, refresh: OpaqueToken) -> TokenPair:
    lifetime = settings.access_token_minutes * 60
    access = issue_access_token(
        AccessClaims(tenant_id=tenant_id, account_id=account_id, session_id=session_id),
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=lifetime,
    )
    return TokenPair(access, refresh.render(REFRESH_PREFIX), lifetime, tenant_id, account_id)


async def login(settings: Settings, throttle: LoginThrottle, tenant_code: str, username: str, password: str) -> TokenPair:
    """Check a password and open a session; run inside a transaction with no tenant set."""
    await throttle.check(tenant_code, username)
    hashing = {"time_cost": settings.argon2_time_cost, "memory_kib": settings.argon2_memory_kib}
    tenant = await DB.fetchrow("select tenant_id_by_code($1) as id", tenant_code)
    account = None
    if tenant and tenant["id"]:
        await switch_tenant(tenant["id"])
        account = await DB.fetchrow(
            "select id, password_hash, disabled from accounts where username = $1", username.lower()
        )
    if account is None:
        await spend_verification_time(**hashing)
        await throttle.failed(tenant_code, username)
        raise _invalid_credentials()
    if not await verify_password(account["password_hash"], password, **hashing) or account["disabled"]:
        await throttle.failed(tenant_code, username)
        raise _invalid_credentials()
    await throttle.succeeded(tenant_code, username)

    tenant_id: UUID = tenant["id"]  # type: ignore[index]
    session_id = uuid.uuid4()
    refresh = OpaqueToken.new(tenant_id, session_id)
    await DB.fetch(
        """insert into login_sessions (id, tenant_id, account_id, refresh_hash, expires_at)
           values ($1, $2, $3, $4, $5)""",
        session_id,
        tenant_id,
        account["id"],
        digest_secret(refresh.secret),
        datetime.now(UTC) + timedelta(days=settings.refresh_token_days),
    )
    await audit.record(
        tenant_id, audit.Actor(account["id"], username), "identity.login", "LoginSession", str(session_id), {"username": username}
    )
    return _issue(settings, tenant_id, account["id"], session_id, refresh)


def _invalid_refresh() -> FabuError:
    return FabuError(IdentityErrorCode.TOKEN_INVALID, "刷新令牌无效或已失效", "the refresh token is invalid or no longer valid", field="refreshToken")


async def refresh(settings: Settings, refresh_token: str) -> TokenPair:
    """Rotate a refresh token. Presenting an already-rotated token revokes the session (it leaked)."""
    try:
        parsed = OpaqueToken.parse(refresh_token, REFRESH_PREFIX)
    except FabuError:
        raise _invalid_refresh() from None
    await switch_tenant(parsed.tenant_id)
    session = await DB.fetchrow(
        """select s.id, s.account_id, s.refresh_hash, s.revoked_at, s.expires_at, a.disabled
           from login_sessions s join accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id
           where s.id = $1 for update of s""",
        parsed.record_id,
    )
    if session is None or session["revoked_at"] is not None or session["disabled"]:
        raise _invalid_refresh()
    if session["refresh_hash"] != digest_secret(parsed.secret):
        # Reuse of a rotated token: someone else holds a copy. This revocation must persist even
        # though the request fails, so the caller commits before raising (see the mutation).
        raise RefreshReuseDetected(parsed.tenant_id, session["id"])
    if session["expires_at"] <= datetime.now(UTC):
        raise _invalid_refresh()
    rotated = OpaqueToken.new(parsed.tenant_id, session["id"])
    await DB.fetch(
        "update login_sessions set refresh_hash = $2 where id = $1", session["id"], digest_secret(rotated.secret)
    )
    return _issue(settings, parsed.tenant_id, session["account_id"], session["id"], rotated)


class RefreshReuseDetected(Exception):
    """A rotated refresh token came back: revoke its session in a transaction of its own."""

    def __init__(self, tenant_id: UUID, session_id: UUID) -> None:
        self.tenant_id = tenant_id
        self.session_id = session_id
        super().__init__("refresh token reuse")

    def as_user_error(self) -> FabuError:
        return FabuError(
            IdentityErrorCode.TOKEN_REVOKED,
            "刷新令牌已被使用过，会话已吊销，请重新登录",
            "the refresh token was already used; the session is revoked, log in again",
            field="refreshToken",
        )


async def revoke_session(session_id: UUID) -> bool:
    """Revoke a session in the current tenant; True when it was active."""
    rows = await DB.fetch(
        "update login_sessions set revoked_at = now() where id = $1 and revoked_at is null returning id", session_id
    )
    return bool(rows)
