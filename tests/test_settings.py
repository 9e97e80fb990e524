"""Settings refuse what would be unsafe to run with."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fabu.publishing.calls import channel_timeout
from fabu.settings import Settings


def test_production_refuses_the_public_development_jwt_secret() -> None:
    with pytest.raises(ValidationError, match="FABU_JWT_SECRET"):
        Settings(env="production")  # type: ignore[arg-type]


def test_production_accepts_a_real_secret() -> None:
    settings = Settings(env="production", jwt_secret="x" * 48)  # type: ignore[arg-type]
    assert settings.is_production


def test_channel_calls_take_their_timeout_from_the_settings() -> None:
    quick = channel_timeout(Settings(channel_timeout_seconds=2.5))
    assert (quick.connect, quick.read, quick.write, quick.pool) == (2.5, 2.5, 2.5, 2.5)
    default = channel_timeout(Settings())
    assert (default.connect, default.read, default.write) == (5.0, 30.0, 30.0)  # connecting never waits longer than 5 s


@pytest.mark.parametrize("seconds", [0, -1, 301])
def test_a_channel_timeout_out_of_range_is_refused(seconds: float) -> None:
    with pytest.raises(ValidationError, match="channel_timeout_seconds"):
        Settings(channel_timeout_seconds=seconds)
