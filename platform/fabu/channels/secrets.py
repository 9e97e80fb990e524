"""Channel secrets at rest: AES-256-GCM under a key ring, and configs split into public and sealed parts.

A ciphertext is an envelope string ``v1.<key id>.<base64url(nonce | ciphertext | tag)>``. The newest
key encrypts; every key in the ring decrypts, found by the key id in the envelope, so keys rotate by
prepending a new one to ``FABU_SECRETS_KEYS`` and re-encrypting with :func:`rotate_config`. Each
secret is bound to where it belongs (tenant, channel, field) through GCM's associated data, so a
ciphertext copied to another tenant or field fails to decrypt instead of leaking.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any, Final
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, JsonValue, SecretStr

from fabu.channels.api import ChannelConfig, ConfigT, secret_fields
from fabu.settings import Settings

__all__ = [
    "REDACTED",
    "KeyRing",
    "SealedConfig",
    "SecretDecryptError",
    "SecretsConfigError",
    "SecretsError",
    "config_context",
    "merge_config",
    "new_key",
    "redacted",
    "rotate_config",
    "split_config",
    "update_config",
]

logger = logging.getLogger(__name__)

REDACTED: Final = "******"
"""What the API shows instead of a secret that is set."""

_VERSION: Final = "v1"
_NONCE_BYTES: Final = 12
_KEY_BYTES: Final = 32


class SecretsError(Exception):
    """Base of the errors of this module."""


class SecretsConfigError(SecretsError):
    """``FABU_SECRETS_KEYS`` is missing in production or malformed."""


class SecretDecryptError(SecretsError):
    """A ciphertext is malformed, tampered with, bound elsewhere, or under a key no longer in the ring."""


def new_key() -> str:
    """A fresh random key in the format of ``FABU_SECRETS_KEYS`` (base64 of 32 bytes)."""
    return base64.b64encode(os.urandom(_KEY_BYTES)).decode()


def _key_id(key: bytes) -> str:
    return hmac.new(key, b"fabu secrets key id", hashlib.sha256).hexdigest()[:8]


def _decode_key(text: str, position: int) -> bytes:
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            key = decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            continue
        if len(key) == _KEY_BYTES:
            return key
    raise SecretsConfigError(
        f"FABU_SECRETS_KEYS 第 {position} 个密钥须为 32 字节的 base64 / key #{position} must be base64 of 32 bytes"
    )


class KeyRing:
    """AES-256-GCM keys, newest first: the newest encrypts, all decrypt."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise SecretsConfigError(
                "密钥环不能为空 / a key ring needs at least one key"
            )
        if any(len(key) != _KEY_BYTES for key in keys):
            raise SecretsConfigError(
                "每个密钥须为 32 字节 / every key must be 32 bytes"
            )
        self._keys = {_key_id(key): AESGCM(key) for key in keys}
        if len(self._keys) != len(keys):
            raise SecretsConfigError("密钥重复 / the ring holds the same key twice")
        self.key_ids: tuple[str, ...] = tuple(self._keys)
        """Ids of the keys, newest first."""

    @classmethod
    def from_setting(cls, value: str) -> KeyRing:
        """A ring from ``FABU_SECRETS_KEYS``' format: comma-separated base64 keys, newest first."""
        parts = [part.strip() for part in value.split(",") if part.strip()]
        return cls(
            [
                _decode_key(part, position)
                for position, part in enumerate(parts, start=1)
            ]
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        """The process's ring from ``settings.secrets_keys``.

        Outside production, with no keys set, the ring holds one development key derived from
        ``jwt_secret`` with HKDF-SHA256 (and logs a warning): fine for trying Fabu, useless for
        protecting anything. In production, no keys is an error.
        """
        if settings.secrets_keys.strip():
            return cls.from_setting(settings.secrets_keys)
        if settings.is_production:
            raise SecretsConfigError(
                "生产环境必须设置 FABU_SECRETS_KEYS（逗号分隔的 base64 AES-256 密钥，最新的在前）"
                " / FABU_SECRETS_KEYS must be set in production (comma-separated base64 AES-256 keys, newest first)"
            )
        logger.warning(
            "FABU_SECRETS_KEYS is unset: using a development key derived from jwt_secret"
        )
        return cls([_development_key(settings.jwt_secret)])

    def encrypt(self, plaintext: bytes, context: bytes = b"") -> str:
        """An envelope of ``plaintext`` under the newest key, bound to ``context``."""
        key_id = self.key_ids[0]
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._keys[key_id].encrypt(
            nonce, plaintext, _associated(key_id, context)
        )
        return f"{_VERSION}.{key_id}.{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"

    def decrypt(self, envelope: str, context: bytes = b"") -> bytes:
        """The plaintext of ``envelope``; raises :class:`SecretDecryptError` unless it is intact and ours."""
        key_id, payload = _parse(envelope)
        aead = self._keys.get(key_id)
        if aead is None:
            raise SecretDecryptError(
                f"密钥 {key_id} 不在密钥环中，是否已从 FABU_SECRETS_KEYS 移除？"
                f" / key {key_id} is not in the ring; was it removed from FABU_SECRETS_KEYS?"
            )
        try:
            return aead.decrypt(
                payload[:_NONCE_BYTES],
                payload[_NONCE_BYTES:],
                _associated(key_id, context),
            )
        except InvalidTag:
            raise SecretDecryptError(
                "密文已被篡改或不属于此处 / the ciphertext was tampered with or belongs elsewhere"
            ) from None

    def needs_rotation(self, envelope: str) -> bool:
        """Whether ``envelope`` is under a key other than the newest."""
        return _parse(envelope)[0] != self.key_ids[0]

    def rotate(self, envelope: str, context: bytes = b"") -> str:
        """``envelope`` re-encrypted under the newest key (unchanged if it already is)."""
        if not self.needs_rotation(envelope):
            return envelope
        return self.encrypt(self.decrypt(envelope, context), context)


def _development_key(jwt_secret: SecretStr) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=_KEY_BYTES,
        salt=b"fabu/secrets-at-rest/dev",
        info=b"v1",
    )
    return hkdf.derive(jwt_secret.get_secret_value().encode())


def _associated(key_id: str, context: bytes) -> bytes:
    return f"fabu-secret.{_VERSION}.{key_id}".encode() + b"\x00" + context


def _parse(envelope: str) -> tuple[str, bytes]:
    version, _, rest = envelope.partition(".")
    key_id, _, encoded = rest.partition(".")
    try:
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        payload = b""
    if version != _VERSION or not key_id or len(payload) <= _NONCE_BYTES:
        raise SecretDecryptError("不是有效的密文信封 / not a valid ciphertext envelope")
    return key_id, payload


class SealedConfig(BaseModel):
    """A channel config as stored: public values in the clear, each secret field an envelope."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True
    )

    public: dict[str, JsonValue] = Field(default_factory=dict)
    """The non-secret fields, as JSON."""
    secrets: dict[str, str] = Field(default_factory=dict)
    """Envelopes of the secret fields that are set, by field name."""


def config_context(tenant_id: UUID, channel: str) -> bytes:
    """The associated data binding a config's secrets to one tenant's config of one channel."""
    return f"fabu/channel-config/{tenant_id}/{channel}".encode()


def split_config(
    data: Mapping[str, Any] | ChannelConfig,
    model: type[ConfigT],
    ring: KeyRing,
    *,
    context: bytes,
) -> SealedConfig:
    """Validate ``data`` with ``model`` and split it, encrypting each secret field that is set."""
    config = data if isinstance(data, model) else model.model_validate(data)
    names = _secret_aliases(model)
    public = config.model_dump(mode="json", by_alias=True, exclude=set(names))
    secrets = {
        alias: ring.encrypt(
            json.dumps(_plain(getattr(config, name)), ensure_ascii=False).encode(),
            _field_context(context, alias),
        )
        for name, alias in names.items()
        if getattr(config, name) is not None
    }
    return SealedConfig(public=public, secrets=secrets)


def merge_config(
    sealed: SealedConfig, model: type[ConfigT], ring: KeyRing, *, context: bytes
) -> ConfigT:
    """The config instance, secrets decrypted: what a plugin's ``ChannelContext.config`` holds."""
    values: dict[str, Any] = dict(sealed.public)
    for alias, envelope in sealed.secrets.items():
        values[alias] = json.loads(
            ring.decrypt(envelope, _field_context(context, alias))
        )
    return model.model_validate(values)


def update_config(
    sealed: SealedConfig,
    changes: Mapping[str, Any],
    model: type[ConfigT],
    ring: KeyRing,
    *,
    context: bytes,
) -> SealedConfig:
    """``sealed`` with ``changes`` from a settings form applied and re-sealed under the newest key.

    Fields absent from ``changes`` keep their value; so do secrets sent back empty, as ``None`` or
    as :data:`REDACTED` (a form never receives a secret, so it cannot send one back).
    """
    values = merge_config(sealed, model, ring, context=context).model_dump(
        by_alias=True
    )
    secret = set(_secret_aliases(model).values())
    for key, value in changes.items():
        if key in secret and value in (None, "", REDACTED):
            continue
        values[key] = value
    return split_config(values, model, ring, context=context)


def rotate_config(
    sealed: SealedConfig, ring: KeyRing, *, context: bytes
) -> SealedConfig:
    """``sealed`` with every secret re-encrypted under the ring's newest key."""
    secrets = {
        alias: ring.rotate(env, _field_context(context, alias))
        for alias, env in sealed.secrets.items()
    }
    return sealed.model_copy(update={"secrets": secrets})


def redacted(config: ChannelConfig | SealedConfig) -> dict[str, JsonValue]:
    """A config for the API and logs: every secret that is set shows as :data:`REDACTED`."""
    if isinstance(config, SealedConfig):
        return {**config.public, **dict.fromkeys(config.secrets, REDACTED)}
    names = _secret_aliases(type(config))
    shown: dict[str, JsonValue] = config.model_dump(
        mode="json", by_alias=True, exclude=set(names)
    )
    for name, alias in names.items():
        shown[alias] = None if getattr(config, name) is None else REDACTED
    return shown


def _secret_aliases(model: type[ChannelConfig]) -> dict[str, str]:
    return {
        name: model.model_fields[name].alias or name for name in secret_fields(model)
    }


def _field_context(context: bytes, alias: str) -> bytes:
    return context + b"\x00" + alias.encode()


def _plain(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, bytes) or hasattr(value, "get_secret_value"):
        raise TypeError(
            "密钥字段须为 Secret（SecretStr）或可 JSON 化的值 / secret fields must be Secret or JSON values"
        )
    return value
