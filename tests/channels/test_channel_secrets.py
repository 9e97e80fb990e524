"""Channel secrets at rest: AES-256-GCM under a rotating key ring, bound to their place, never shown."""

from __future__ import annotations

import base64
import os
from uuid import uuid4

import pytest
from pydantic import Field, SecretStr

from fabu.channels import ChannelConfig, Secret
from fabu.channels.secrets import (
    REDACTED,
    KeyRing,
    SealedConfig,
    SecretDecryptError,
    SecretsConfigError,
    config_context,
    merge_config,
    new_key,
    redacted,
    rotate_config,
    split_config,
    update_config,
)
from fabu.settings import Settings


class WeiboLikeConfig(ChannelConfig):
    """A config with two secrets, an optional one and a secret marked only through the schema."""

    base_url: str = "https://api.example.test"
    app_key: Secret
    app_secret: Secret
    refresh_token: Secret | None = None
    certificate: str = Field("", json_schema_extra={"secret": True})


FORM = {
    "app_key": "key-123",
    "app_secret": "s3cr3t-456",
    "certificate": "-----BEGIN-----",
}
TENANT = config_context(uuid4(), "weibo")


def ring_of(*keys: str) -> KeyRing:
    return KeyRing.from_setting(",".join(keys))


def test_a_secret_round_trips_and_each_encryption_uses_a_fresh_nonce() -> None:
    ring = ring_of(new_key())

    first, second = ring.encrypt(b"token", b"ctx"), ring.encrypt(b"token", b"ctx")

    assert first != second
    assert ring.decrypt(first, b"ctx") == ring.decrypt(second, b"ctx") == b"token"
    assert first.startswith(f"v1.{ring.key_ids[0]}.")


def test_the_newest_key_encrypts_and_every_key_decrypts() -> None:
    old, new = new_key(), new_key()
    under_old = ring_of(old).encrypt(b"token")

    rotated_ring = ring_of(new, old)
    under_new = rotated_ring.encrypt(b"token")

    assert under_new.split(".")[1] == rotated_ring.key_ids[0] != under_old.split(".")[1]
    assert rotated_ring.decrypt(under_old) == b"token"
    assert rotated_ring.needs_rotation(under_old)
    assert not rotated_ring.needs_rotation(under_new)


def test_rotate_re_encrypts_under_the_newest_key_so_the_old_key_can_be_dropped() -> (
    None
):
    old, new = new_key(), new_key()
    envelope = ring_of(old).encrypt(b"token", b"ctx")

    rotated = ring_of(new, old).rotate(envelope, b"ctx")

    assert ring_of(new).decrypt(rotated, b"ctx") == b"token"
    assert ring_of(new, old).rotate(rotated, b"ctx") == rotated


def test_a_key_removed_from_the_ring_is_named_in_the_error() -> None:
    envelope = ring_of(new_key()).encrypt(b"token")
    other = ring_of(new_key())

    with pytest.raises(SecretDecryptError, match="FABU_SECRETS_KEYS"):
        other.decrypt(envelope)


@pytest.mark.parametrize("position", [0, 14, -1])  # nonce, ciphertext, tag
def test_any_tampered_byte_is_detected(position: int) -> None:
    ring = ring_of(new_key())
    version, key_id, payload = ring.encrypt(b"token").split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[position] ^= 0x01
    tampered = f"{version}.{key_id}.{base64.urlsafe_b64encode(bytes(raw)).decode()}"

    with pytest.raises(SecretDecryptError, match="篡改"):
        ring.decrypt(tampered)


def test_a_ciphertext_made_with_another_key_under_our_key_id_is_refused() -> None:
    ring, intruder = ring_of(new_key()), ring_of(new_key())
    _, _, payload = intruder.encrypt(b"token").split(".")

    with pytest.raises(SecretDecryptError):
        ring.decrypt(f"v1.{ring.key_ids[0]}.{payload}")


def test_a_secret_bound_to_one_context_does_not_decrypt_in_another() -> None:
    ring = ring_of(new_key())
    envelope = ring.encrypt(b"token", config_context(uuid4(), "wechat"))

    with pytest.raises(SecretDecryptError):
        ring.decrypt(envelope, config_context(uuid4(), "wechat"))


@pytest.mark.parametrize(
    "garbage",
    ["", "v1", "v2.abcd1234.AAAA", "v1.abcd1234.!!!", "v1..AAAAAAAAAAAAAAAAAAAAAAAA"],
)
def test_malformed_envelopes_are_refused(garbage: str) -> None:
    with pytest.raises(SecretDecryptError):
        ring_of(new_key()).decrypt(garbage)


def test_keys_setting_accepts_standard_and_urlsafe_base64_with_spaces() -> None:
    raw = os.urandom(32)
    setting = f" {base64.b64encode(raw).decode()} , {base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')}"

    ring = KeyRing.from_setting(setting)

    assert ring.key_ids[0] == KeyRing([raw]).key_ids[0]
    assert len(ring.key_ids) == 2


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (f"{new_key()},not base64!", "第 2 个"),
        (base64.b64encode(b"short").decode(), "32"),
        ("", "不能为空"),
    ],
)
def test_malformed_keys_setting_says_which_key_and_why(
    setting: str, message: str
) -> None:
    with pytest.raises(SecretsConfigError, match=message):
        KeyRing.from_setting(setting)


def test_the_same_key_twice_is_refused() -> None:
    key = new_key()
    with pytest.raises(SecretsConfigError, match="重复"):
        KeyRing.from_setting(f"{key},{key}")


def test_production_without_keys_is_a_clear_error() -> None:
    settings = Settings(env="production", secrets_keys="", jwt_secret="p" * 40)  # type: ignore[arg-type]

    with pytest.raises(
        SecretsConfigError, match="FABU_SECRETS_KEYS must be set in production"
    ):
        KeyRing.from_settings(settings)


def test_development_without_keys_derives_a_stable_key_from_the_jwt_secret() -> None:
    one = Settings(env="development", secrets_keys="", jwt_secret=SecretStr("a" * 40))  # type: ignore[arg-type]
    other = Settings(env="test", secrets_keys="", jwt_secret=SecretStr("b" * 40))  # type: ignore[arg-type]

    envelope = KeyRing.from_settings(one).encrypt(b"token")

    assert KeyRing.from_settings(one).decrypt(envelope) == b"token"
    assert KeyRing.from_settings(other).key_ids != KeyRing.from_settings(one).key_ids


def test_configured_keys_are_used_in_every_environment() -> None:
    key = new_key()
    settings = Settings(env="production", secrets_keys=key, jwt_secret="p" * 40)  # type: ignore[arg-type]

    assert KeyRing.from_settings(settings).key_ids == ring_of(key).key_ids


def test_split_keeps_public_fields_clear_and_every_secret_encrypted() -> None:
    sealed = split_config(FORM, WeiboLikeConfig, ring_of(new_key()), context=TENANT)

    assert sealed.public == {"base_url": "https://api.example.test"}
    assert set(sealed.secrets) == {"app_key", "app_secret", "certificate"}
    stored = sealed.model_dump_json()
    assert all(value not in stored for value in FORM.values())


def test_merge_returns_the_config_with_secrets_decrypted() -> None:
    ring = ring_of(new_key())

    config = merge_config(
        split_config(FORM, WeiboLikeConfig, ring, context=TENANT),
        WeiboLikeConfig,
        ring,
        context=TENANT,
    )

    assert config.app_secret.get_secret_value() == "s3cr3t-456"
    assert config.certificate == "-----BEGIN-----"
    assert config.refresh_token is None


def test_a_sealed_config_copied_to_another_tenant_does_not_open() -> None:
    ring = ring_of(new_key())
    sealed = split_config(FORM, WeiboLikeConfig, ring, context=TENANT)

    with pytest.raises(SecretDecryptError):
        merge_config(
            sealed, WeiboLikeConfig, ring, context=config_context(uuid4(), "weibo")
        )


def test_swapping_two_secret_fields_is_detected() -> None:
    ring = ring_of(new_key())
    sealed = split_config(FORM, WeiboLikeConfig, ring, context=TENANT)
    swapped = SealedConfig(
        public=sealed.public,
        secrets={
            **sealed.secrets,
            "app_key": sealed.secrets["app_secret"],
            "app_secret": sealed.secrets["app_key"],
        },
    )

    with pytest.raises(SecretDecryptError):
        merge_config(swapped, WeiboLikeConfig, ring, context=TENANT)


def test_redacted_shows_that_a_secret_is_set_but_never_its_value() -> None:
    ring = ring_of(new_key())
    sealed = split_config(FORM, WeiboLikeConfig, ring, context=TENANT)
    config = merge_config(sealed, WeiboLikeConfig, ring, context=TENANT)

    shown = redacted(config)

    assert shown == {
        "base_url": "https://api.example.test",
        "app_key": REDACTED,
        "app_secret": REDACTED,
        "refresh_token": None,
        "certificate": REDACTED,
    }
    assert redacted(sealed) == {
        key: value for key, value in shown.items() if value is not None
    }


def test_a_form_sending_secrets_back_redacted_or_empty_keeps_them() -> None:
    ring = ring_of(new_key())
    sealed = split_config(FORM, WeiboLikeConfig, ring, context=TENANT)

    changes = {
        "base_url": "https://api2.example.test",
        "app_key": REDACTED,
        "app_secret": "",
        "refresh_token": "rt-1",
    }
    updated = merge_config(
        update_config(sealed, changes, WeiboLikeConfig, ring, context=TENANT),
        WeiboLikeConfig,
        ring,
        context=TENANT,
    )

    assert updated.base_url == "https://api2.example.test"
    assert updated.app_key.get_secret_value() == "key-123"
    assert updated.app_secret.get_secret_value() == "s3cr3t-456"
    assert updated.refresh_token is not None
    assert updated.refresh_token.get_secret_value() == "rt-1"


def test_rotate_config_moves_every_secret_to_the_newest_key() -> None:
    old, new = new_key(), new_key()
    sealed = split_config(FORM, WeiboLikeConfig, ring_of(old), context=TENANT)

    rotated = rotate_config(sealed, ring_of(new, old), context=TENANT)

    assert rotated.public == sealed.public
    assert all(
        not ring_of(new, old).needs_rotation(envelope)
        for envelope in rotated.secrets.values()
    )
    assert (
        merge_config(
            rotated, WeiboLikeConfig, ring_of(new), context=TENANT
        ).app_key.get_secret_value()
        == "key-123"
    )
