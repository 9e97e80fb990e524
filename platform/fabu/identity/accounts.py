"""Creating local accounts and API tokens."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError, not_found
from fabu.identity.passwords import check_password_rules, hash_password
from fabu.identity.tokens import API_TOKEN_PREFIX, OpaqueToken, digest_secret
from fabu.settings import Settings

USERNAME = re.compile(r"^[a-z0-9._-]{2,64}$")


def valid_username(username: str) -> str:
    """The username as stored (trimmed, lower case), or a user error naming the rule."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise FabuError(
            CommonErrorCode.INVALID,
            "用户名只能由 2-64 位小写字母、数字和 . _ - 组成",
            "username must be 2-64 characters of lowercase letters, digits and . _ -",
            field="username",
        )
    return username


async def create_account(settings: Settings, tenant_id: UUID, person_id: UUID, username: str, password: str) -> UUID:
    """Give a person of the current tenant a local login."""
    username = valid_username(username)
    check_password_rules(password)
    if await DB.fetchrow("select 1 from people where id = $1", person_id) is None:
        raise not_found("人员", "person", field="personId")
    if await DB.fetchrow("select 1 from accounts where username = $1", username):
        raise FabuError(CommonErrorCode.DUPLICATE, f"用户名 {username} 已被使用", f"username {username} is taken", field="username")
    if await DB.fetchrow("select 1 from accounts where person_id = $1", person_id):
        raise FabuError(CommonErrorCode.DUPLICATE, "此人已有账号", "this person already has an account", field="personId")
    account_id = uuid.uuid4()
    password_hash = await hash_password(password, time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    await DB.fetch(
        "insert into accounts (id, tenant_id, person_id, username, password_hash) values ($1, $2, $3, $4, $5)",
        account_id,
        tenant_id,
        person_id,
        username,
        password_hash,
    )
    return account_id


async def create_api_token(tenant_id: UUID, account_id: UUID, name: str, expires_at: datetime | None) -> tuple[UUID, str]:
    """Create an API token; the secret is returned once and stored only as a digest."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise FabuError(CommonErrorCode.INVALID, "令牌名称须为 1-100 个字符", "token name must be 1-100 characters", field="name")
    token_id = uuid.uuid4()
    token = OpaqueToken.new(tenant_id, token_id)
    await DB.fetch(
        """insert into api_tokens (id, tenant_id, account_id, name, token_hash, expires_at)
           values ($1, $2, $3, $4, $5, $6)""",
        token_id,
        tenant_id,
        account_id,
        name,
        digest_secret(token.secret),
        expires_at,
    )
    return token_id, token.render(API_TOKEN_PREFIX)


async def revoke_api_token(token_id: UUID, account_id: UUID) -> None:
    """Revoke one of the account's own API tokens."""
    rows = await DB.fetch(
        "update api_tokens set revoked_at = now() where id = $1 and account_id = $2 and revoked_at is null returning id",
        token_id,
        account_id,
    )
    if not rows:
        raise not_found("API 令牌", "API token")
