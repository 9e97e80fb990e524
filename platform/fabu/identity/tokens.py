"""Access tokens (short-lived JWTs through joserfc) and the opaque refresh and API tokens.

Access tokens are HS256 JWTs; decoding accepts only the allowlisted algorithm and always
validates issuer, audience and expiry. Refresh and API tokens are random secrets stored only as
SHA-256 digests; each carries its tenant id so the server can scope the lookup before it
happens.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from uuid import UUID

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import OctKey

from fabu.errors import FabuError
from fabu.identity.errors import IdentityErrorCode

ALGORITHMS = ["HS256"]
API_TOKEN_PREFIX = "fabu_pat"


@dataclass(frozen=True)
class AccessClaims:
    """What an access token asserts."""

    tenant_id: UUID
    account_id: UUID
    session_id: UUID


def _key(secret: str) -> OctKey:
    if len(secret.encode()) < 32:
        raise ValueError("FABU_JWT_SECRET 至少 32 字节 / must be at least 32 bytes")
    return OctKey.import_key(secret.encode())


def issue_access_token(
    claims: AccessClaims, *, secret: str, issuer: str, audience: str, lifetime_seconds: int
) -> str:
    now = int(time.time())
    payload = {
        "iss": issuer,
        "aud": audience,
        "sub": str(claims.account_id),
        "tid": str(claims.tenant_id),
        "sid": str(claims.session_id),
        "iat": now,
        "exp": now + lifetime_seconds,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode({"alg": ALGORITHMS[0]}, payload, _key(secret), algorithms=ALGORITHMS)


def invalid_token() -> FabuError:
    return FabuError(IdentityErrorCode.TOKEN_INVALID, "访问令牌无效", "the access token is invalid", field="authorization")


def decode_access_token(token: str, *, secret: str, issuer: str, audience: str) -> AccessClaims:
    """Verify signature, algorithm, issuer, audience and expiry; raise a ``FabuError`` otherwise."""
    try:
        decoded = jwt.decode(token, _key(secret), algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
            tid={"essential": True},
            sid={"essential": True},
        ).validate(decoded.claims)
        return AccessClaims(
            tenant_id=UUID(decoded.claims["tid"]),
            account_id=UUID(decoded.claims["sub"]),
            session_id=UUID(decoded.claims["sid"]),
        )
    except ExpiredTokenError:
        raise FabuError(
            IdentityErrorCode.TOKEN_EXPIRED, "访问令牌已过期，请刷新", "the access token has expired; refresh it", field="authorization"
        ) from None
    except (JoseError, ValueError, KeyError):
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
