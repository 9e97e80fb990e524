"""Every setting Fabu reads, in one place; each is an environment variable prefixed ``FABU_``.

The table in ``docs/settings.md`` is generated from this class and a test keeps the two equal.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "dev-only-change-me-dev-only-change-me"


class Environment(StrEnum):
    """Where Fabu runs; production masks errors and hides GraphiQL."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Fabu's settings. Unset external URLs mean "use the embedded server under ``data_dir``"."""

    model_config = SettingsConfigDict(env_prefix="FABU_", extra="ignore")

    env: Environment = Field(Environment.DEVELOPMENT, description="development, test or production")
    data_dir: Path = Field(Path(".fabu"), description="Where embedded servers keep their data")
    host: str = Field("127.0.0.1", description="Address the API listens on")
    port: int = Field(8000, description="Port the API listens on")

    database_url: str | None = Field(
        None, description="PostgreSQL URL of the owner role; migrations run as it (unset: embedded)"
    )
    app_database_url: str | None = Field(
        None,
        description="PostgreSQL URL of the non-owner app role the API and workers use "
        "(unset: database_url with the app role's name and password)",
    )
    app_db_role: str = Field("fabu_app", description="Name of the non-owner role the app connects as")
    app_db_password: SecretStr = Field(
        SecretStr("fabu_app"), description="Password `fabu migrate` gives the app role"
    )
    db_pool_size: int = Field(10, ge=1, description="Connections in the app's pool")

    redis_url: str | None = Field(None, description="Redis URL for arq jobs (unset: embedded)")

    s3_endpoint: str | None = Field(None, description="S3 endpoint, e.g. http://minio:9000 (unset: local files)")
    s3_access_key: SecretStr | None = Field(None, description="S3 access key")
    s3_secret_key: SecretStr | None = Field(None, description="S3 secret key")
    s3_bucket: str = Field("fabu", description="S3 bucket holding all objects")
    s3_region: str = Field("us-east-1", description="S3 region")

    jwt_secret: SecretStr = Field(
        SecretStr(DEV_JWT_SECRET),
        description="HMAC key for access tokens (at least 32 bytes; required in production)",
    )
    jwt_issuer: str = Field("fabu", description="`iss` of issued access tokens")
    jwt_audience: str = Field("fabu-api", description="`aud` of issued access tokens")
    access_token_minutes: int = Field(15, ge=1, le=60, description="Access-token lifetime")
    refresh_token_days: int = Field(14, ge=1, description="Refresh-token lifetime")
    login_max_failures: int = Field(5, ge=1, description="Failed logins before an account is locked")
    login_lockout_minutes: int = Field(15, ge=1, description="How long a lockout lasts")
    argon2_time_cost: int = Field(3, ge=1, description="argon2id passes")
    argon2_memory_kib: int = Field(65536, ge=8, description="argon2id memory in KiB")

    secrets_keys: str = Field(
        "",
        description="Comma-separated base64 AES-256 keys for secrets at rest, newest first "
        "(older keys still decrypt, enabling rotation); unset in dev: a key derived from jwt_secret",
    )

    graphql_max_depth: int = Field(12, description="Deepest GraphQL selection accepted")
    graphql_max_aliases: int = Field(30, description="Most aliases in one GraphQL document")
    graphql_max_tokens: int = Field(5000, description="Most tokens in one GraphQL document")
    graphql_max_page_size: int = Field(1000, description="Largest `first`/`last` of a connection")
    graphql_max_cost: int = Field(200_000, description="Most objects a document may return in the worst case")
    graphql_assumed_list_size: int = Field(50, description="Items assumed per plain list when estimating a document's cost")
    max_request_bytes: int = Field(2_000_000, description="Largest request body accepted")

    publishing_poll_first_minutes: int = Field(
        1, ge=1, description="Wait before a receipt a channel left pending (its own review) is polled; doubles after each poll"
    )
    publishing_poll_max_minutes: int = Field(
        60, ge=1, description="Longest wait between two polls of a pending receipt (at least the first wait)"
    )
    publishing_pending_max_days: int = Field(
        3, ge=1, description="Days a receipt may stay pending before it is flagged for a person instead of polled on"
    )
    followup_days: int = Field(
        30, ge=1, le=365, description="Days after a publication first went up during which its reach and comments are collected daily"
    )
    archive_after_days: int = Field(
        30, ge=1, le=3650, description="Days after a release was first published before it is packaged for the archive (归档)"
    )
    archive_fixity_days: int = Field(
        30, ge=1, le=365, description="Days between two fixity checks of an archive package (read back, checksums compared)"
    )
    channel_timeout_seconds: float = Field(
        30.0,
        gt=0,
        le=300,
        description=(
            "Seconds a channel call may wait to send its request and for each part of the answer (connecting: at most 5);"
            " a call that runs out has an unknown outcome and is reconciled through the channel's status"
        ),
    )

    @model_validator(mode="after")
    def _polls_wait_longer_not_shorter(self) -> Settings:
        if self.publishing_poll_max_minutes < self.publishing_poll_first_minutes:
            raise ValueError(
                "FABU_PUBLISHING_POLL_MAX_MINUTES 不能小于 FABU_PUBLISHING_POLL_FIRST_MINUTES / "
                "FABU_PUBLISHING_POLL_MAX_MINUTES must be at least FABU_PUBLISHING_POLL_FIRST_MINUTES"
            )
        return self

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> Settings:
        if self.env == Environment.PRODUCTION and self.jwt_secret.get_secret_value() == DEV_JWT_SECRET:
            raise ValueError(
                "生产环境必须设置 FABU_JWT_SECRET / FABU_JWT_SECRET must be set in production "
                "(at least 32 random bytes; the development default is public)"
            )
        return self

    @property
    def is_production(self) -> bool:
        return self.env == Environment.PRODUCTION


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment once."""
    return Settings()
