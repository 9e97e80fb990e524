"""Access tokens (short-lived JWTs through joserfc) and the opaque refresh and API tokens.

Access tokens are HS256 JWTs; decoding accepts only the allowlisted algorithm and always
validates issuer, audience and expiry. Refresh and API tokens are random secrets stored only as
SHA-256 digests; each carries its tenant id so the server can scope the lookup before it
happens. Platform administrators get JWTs too, marked with ``scope: platform``, their own
audience and no tenant: a unit token is never accepted where a platform token is required, and
the other way round.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import OctKey

from fabu.errors import FabuError
from fabu.identity.errors import IdentityErrorCode

ALGORITHMS = ["HS256"]
API_TOKEN_PREFIX = "fabu_pat"
PLATFORM_SCOPE = "platform"


@dataclass(frozen=True)
class AccessClaims:
    """What an access token asserts."""

    tenant_id: UUID
    account_id: UUID
    session_id: UUID


@dataclass(frozen=True)
class PlatformClaims:
    """What a platform administrator's token asserts: who, and the platform scope (no unit)."""

    admin_id: UUID


def _key(secret: str) -> OctKey:
    if len(secret.encode()) < 32:
        raise ValueError("FABU_JWT_SECRET 至少 32 字节 / must be at least 32 bytes")
    return OctKey.import_key(secret.encode())


def _encode(payload: dict[str, object], secret: str, lifetime_seconds: int) -> str:
    now = int(time.time())
    payload = {**payload, "iat": now, "exp": now + lifetime_seconds, "jti": secrets.token_hex(8)}
    return jwt.encode({"alg": ALGORITHMS[0]}, payload, _key(secret), algorithms=ALGORITHMS)


def issue_access_token(
    claims: AccessClaims, *, secret: str, issuer: str, audience: str, lifetime_seconds: int
) -> str:
    payload: dict[str, object] = {
        "iss": issuer,
        "aud": audience,
        "sub": str(claims.account_id),
        "tid": str(claims.tenant_id),
        "sid": str(claims.session_id),
    }
    return _encode(payload, secret, lifetime_seconds)


def platform_audience(audience: str) -> str:
    """Platform tokens name their own audience, so no unit-side check can ever accept one."""
    return f"{audience}:platform"


def issue_platform_token(
    claims: PlatformClaims, *, secret: str, issuer: str, audience: str, lifetime_seconds: int
) -> str:
    payload: dict[str, object] = {
        "iss": issuer,
        "aud": platform_audience(audience),
        "sub": str(claims.admin_id),
        "scope": PLATFORM_SCOPE,
    }
    return _encode(payload, secret, lifetime_seconds)


def invalid_token() -> FabuError:
    return FabuError(IdentityErrorCode.TOKEN_INVALID, "访问令牌无效", "the access token is invalid", field="authorization")


def _expired() -> FabuError:
    return FabuError(
        IdentityErrorCode.TOKEN_EXPIRED, "访问令牌已过期，请刷新", "the access token has expired; refresh it", field="authorization"
    )


def _unit_claims(claims: dict[str, Any], issuer: str, audience: str) -> AccessClaims:
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": audience},
        exp={"essential": True},
        sub={"essential": True},
        tid={"essential": True},
        sid={"essential": True},
    ).validate(claims)
    if "scope" in claims:
        raise invalid_token()
    return AccessClaims(tenant_id=UUID(claims["tid"]), account_id=UUID(claims["sub"]), session_id=UUID(claims["sid"]))


def _platform_claims(claims: dict[str, Any], issuer: str, audience: str) -> PlatformClaims:
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": platform_audience(audience)},
        exp={"essential": True},
        sub={"essential": True},
        scope={"essential": True, "value": PLATFORM_SCOPE},
    ).validate(claims)
    if "tid" in claims:
        raise invalid_token()
    return PlatformClaims(admin_id=UUID(claims["sub"]))


def decode_token(token: str, *, secret: str, issuer: str, audience: str) -> AccessClaims | PlatformClaims:
    """Verify signature, algorithm, issuer, audience and expiry of a unit or a platform token.

    The ``scope`` claim only chooses which rules apply; each kind's rules then reject any token
    carrying the other kind's marks, so neither can pass for the other.
    """
    try:
        claims = jwt.decode(token, _key(secret), algorithms=ALGORITHMS).claims
        if claims.get("scope") == PLATFORM_SCOPE:
            return _platform_claims(claims, issuer, audience)
        return _unit_claims(claims, issuer, audience)
    except ExpiredTokenError:
        raise _expired() from None
    except (JoseError, ValueError, KeyError, TypeError):
        raise invalid_token() from None


def decode_access_token(token: str, *, secret: str, issuer: str, audience: str) -> AccessClaims:
    """Verify a unit access token; a platform token is refused as invalid."""
    try:
        return _unit_claims(jwt.decode(token, _key(secret), algorithms=ALGORITHMS).claims, issuer, audience)
    except ExpiredTokenError:
        raise _expired() from None
    except (JoseError, ValueError, KeyError, TypeError):
        raise invalid_token() from None


def decode_platform_token(token: str, *, secret: str, issuer: str, audience: str) -> PlatformClaims:
    """Verify a platform token; a unit token is refused as invalid."""
    try:
        return _platform_claims(jwt.decode(token, _key(secret), algorithms=ALGORITHMS).claims, issuer, audience)
    except ExpiredTokenError:
        raise _expired() from None
    except (JoseError, ValueError, KeyError, TypeError):
        raise invalid_token() from None


def digest_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class OpaqueToken:
    """A ``<prefix>.<tenant>.<id>.<secret>`` token split into its parts."""

    tenant_id: UUID
    record_id: UUID
    secret: str

    def render(self, prefix: str) -> str:
        return f"{prefix}.{self.tenant_id.hex}.{self.record_id.hex}.{self.secret}"

    @classmethod
    def new(cls, tenant_id: UUID, record_id: UUID) -> OpaqueToken:
        return cls(tenant_id, record_id, secrets.token_urlsafe(32))

    @classmethod
    def parse(cls, token: str, prefix: str) -> OpaqueToken:
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != prefix:
            raise invalid_token()
        try:
            return cls(UUID(hex=parts[1]), UUID(hex=parts[2]), parts[3])
        except ValueError:
            raise invalid_token() from None
