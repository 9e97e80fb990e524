"""Platform administrators (平台管理员): accounts that run the platform and belong to no unit.

They live in ``platform_admins``, a platform table the app role can only read. They are created
from the owner side (``fabu platform-admins create``). A login returns a short-lived platform
token (``scope: platform``, no unit) and no refresh token: an administrator logs in again.
Creating, disabling and logging in are recorded in the platform's audit trail
(:mod:`fabu.audit.platform_trail`); logins and refused logins in a transaction of their own, so a
request that rolls back (another field of its operation failed) cannot take their record along.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fabu.audit.chain import Actor
from fabu.audit.platform_trail import record_platform
from fabu.db.engine import DB
from fabu.db.session import autonomous_platform_transaction
from fabu.errors import CommonErrorCode, FabuError
from fabu.identity.accounts import valid_username
from fabu.identity.errors import IdentityErrorCode
from fabu.identity.passwords import check_password_rules, hash_password, spend_verification_time, verify_password
from fabu.identity.throttle import LoginThrottle
from fabu.identity.tokens import PlatformClaims, issue_platform_token
from fabu.settings import Settings

THROTTLE_SCOPE = "(platform)"
"""The throttle's unit slot for platform logins; no unit code can be written with parentheses."""

OWNER = Actor(None, "平台所有者 / platform owner")
"""Who signs what ``fabu platform-admins`` (and ``fabu dev --demo``) does: the database owner, not an administrator."""

ANONYMOUS = Actor(None, "未登录 / not logged in")
"""Who signs a refused login: nobody proved who they are."""


@dataclass(frozen=True)
class PlatformAdmin:
    """An authenticated platform administrator."""

    id: UUID
    username: str

    @property
    def label(self) -> str:
        return f"平台管理员 platform admin {self.username}"


@dataclass(frozen=True)
class PlatformToken:
    access_token: str
    expires_in: int



async def create_platform_admin(settings: Settings, username: str, password: str) -> UUID:
    """Create an administrator; runs as the owner (the app role cannot write ``platform_admins``)."""
    username = valid_username(username)
    check_password_rules(password)
    if await DB.fetchrow("select 1 from platform_admins where username = $1", username):
        raise FabuError(
            CommonErrorCode.DUPLICATE, f"平台管理员 {username} 已存在", f"platform admin {username} already exists", field="username"
        )
    password_hash = await hash_password(password, time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    row = await DB.fetchrow(
        "insert into platform_admins (username, password_hash) values ($1, $2) returning id", username, password_hash
    )
    assert row is not None
    admin_id: UUID = row["id"]
    await record_platform(OWNER, "platform.admin_created", "PlatformAdmin", str(admin_id), {"username": username})
    return admin_id


async def ensure_platform_admin(settings: Settings, username: str, password: str) -> bool:
    """Create the administrator unless one of that name exists (the demo's); True when created. Owner side."""
    if await DB.fetchrow("select 1 from platform_admins where username = $1", valid_username(username)):
        return False
    await create_platform_admin(settings, username, password)
    return True


async def set_platform_admin_disabled(username: str, disabled: bool) -> None:
    """Disable (or re-enable) an administrator; a disabled one's tokens stop working at once. Owner side."""
    username = normalised(username)
    rows = await DB.fetch("update platform_admins set disabled = $2 where username = $1 returning id", username, disabled)
    if not rows:
        raise FabuError(CommonErrorCode.NOT_FOUND, "平台管理员不存在", "platform admin not found", field="username")
    action = "platform.admin_disabled" if disabled else "platform.admin_enabled"
    await record_platform(OWNER, action, "PlatformAdmin", str(rows[0]["id"]), {"username": username})


def _invalid_credentials() -> FabuError:
    return FabuError(IdentityErrorCode.INVALID_CREDENTIALS, "用户名或密码不正确", "username or password is incorrect", field="password")


async def login_platform_admin(settings: Settings, throttle: LoginThrottle, username: str, password: str) -> PlatformToken:
    """Check an administrator's password and issue a platform token."""
    username = normalised(username)  # one name for the lockout, the lookup and the record
    await throttle.check(THROTTLE_SCOPE, username)
    hashing = {"time_cost": settings.argon2_time_cost, "memory_kib": settings.argon2_memory_kib}
    row = await DB.fetchrow("select id, username, password_hash, disabled from platform_admins where username = $1", username)
    if row is None:
        await spend_verification_time(**hashing)
        await throttle.failed(THROTTLE_SCOPE, username)
        raise _invalid_credentials()
    if not await verify_password(row["password_hash"], password, **hashing) or row["disabled"]:
        await throttle.failed(THROTTLE_SCOPE, username)
        raise _invalid_credentials()
    await throttle.succeeded(THROTTLE_SCOPE, username)
    admin = PlatformAdmin(row["id"], row["username"])
    async with autonomous_platform_transaction():
        await record_platform(Actor(admin.id, admin.label), "platform.login", "PlatformAdmin", str(admin.id), {"username": admin.username})
    lifetime = settings.access_token_minutes * 60
    token = issue_platform_token(
        PlatformClaims(admin_id=row["id"]),
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=lifetime,
    )
    return PlatformToken(token, lifetime)


async def record_refused_login(username: str, code: str) -> None:
    """Record a refused login attempt (wrong password, unknown name, disabled, throttled) in the platform trail.

    The name is kept normalised and cut to 64 characters, so an attempt cannot write a large entry.
    """
    typed = normalised(username)[:64]
    async with autonomous_platform_transaction():
        await record_platform(ANONYMOUS, "platform.login_refused", "PlatformAdmin", typed, {"username": typed, "code": code})


def normalised(username: str) -> str:
    """A login name as stored: no surrounding blanks, lower case."""
    return username.strip().lower()


async def load_platform_admin(claims: PlatformClaims) -> PlatformAdmin:
    """The administrator a verified token names, unless disabled or removed since."""
    row = await DB.fetchrow("select id, username from platform_admins where id = $1 and not disabled", claims.admin_id)
    if row is None:
        raise FabuError(
            IdentityErrorCode.TOKEN_REVOKED,
            "令牌已失效（平台管理员已停用或不存在）",
            "the token is no longer valid (platform admin disabled or removed)",
            field="authorization",
        )
    return PlatformAdmin(id=row["id"], username=row["username"])
