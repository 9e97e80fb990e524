"""Password hashing with argon2id, off the event loop (a hash costs tens of milliseconds of CPU)."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fabu.errors import FabuError
from fabu.identity.errors import IdentityErrorCode

MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def check_password_rules(password: str, field: str = "password") -> None:
    """Refuse passwords too short or too simple to be worth hashing."""
    if len(password) < MIN_PASSWORD_LENGTH or len(set(password)) < 4:
        raise FabuError(
            IdentityErrorCode.WEAK_PASSWORD,
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符且不能过于简单",
            f"password must have at least {MIN_PASSWORD_LENGTH} characters and not be trivial",
            field=field,
        )


async def hash_password(password: str, *, time_cost: int, memory_kib: int) -> str:
    return await asyncio.to_thread(_hasher(time_cost, memory_kib).hash, password)


async def verify_password(password_hash: str, password: str, *, time_cost: int, memory_kib: int) -> bool:
    """True when ``password`` matches; a malformed stored hash counts as a mismatch."""

    def verify() -> bool:
        try:
            return _hasher(time_cost, memory_kib).verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


_DUMMY_HASHES: dict[tuple[int, int], str] = {}


async def spend_verification_time(*, time_cost: int, memory_kib: int) -> None:
    """Do the work of a verification for an unknown user, so timing does not reveal which names exist."""
    key = (time_cost, memory_kib)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = await hash_password("not-a-real-password", time_cost=time_cost, memory_kib=memory_kib)
    await verify_password(_DUMMY_HASHES[key], "wrong-password", time_cost=time_cost, memory_kib=memory_kib)
