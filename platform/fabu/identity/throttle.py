"""Brute-force protection: failed logins are counted in Redis, outside the login's transaction.

The count must survive the rollback of the failed login itself, and several API processes must
share it, so it lives in Redis with an expiry rather than in PostgreSQL.
"""

from __future__ import annotations

from redis.asyncio import Redis

from fabu.errors import FabuError
from fabu.identity.errors import IdentityErrorCode


class LoginThrottle:
    """Locks a (unit, username) pair after ``max_failures`` failures within ``lockout_seconds``."""

    def __init__(self, redis: Redis, *, max_failures: int, lockout_seconds: int) -> None:
        self.redis = redis
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds

    @staticmethod
    def _key(tenant_code: str, username: str) -> str:
        # Normalised as names are looked up: " admin" and "ADMIN" must not each get a counter of their own.
        return f"fabu:login-failures:{tenant_code.strip().lower()}:{username.strip().lower()}"

    async def check(self, tenant_code: str, username: str) -> None:
        """Raise ``LOCKED_OUT`` while the pair is locked."""
        key = self._key(tenant_code, username)
        failures = int(await self.redis.get(key) or 0)
        if failures >= self.max_failures:
            seconds = max(int(await self.redis.ttl(key)), 1)
            raise FabuError(
                IdentityErrorCode.LOCKED_OUT,
                f"登录失败次数过多，请 {seconds} 秒后再试",
                f"too many failed logins; try again in {seconds} seconds",
                field="username",
            )

    async def failed(self, tenant_code: str, username: str) -> None:
        key = self._key(tenant_code, username)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, self.lockout_seconds)
            await pipe.execute()

    async def succeeded(self, tenant_code: str, username: str) -> None:
        await self.redis.delete(self._key(tenant_code, username))
