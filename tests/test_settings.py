"""Settings refuse what would be unsafe to run with."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fabu.settings import Settings


def test_production_refuses_the_public_development_jwt_secret() -> None:
    with pytest.raises(ValidationError, match="FABU_JWT_SECRET"):
        Settings(env="production")  # type: ignore[arg-type]


def test_production_accepts_a_real_secret() -> None:
    settings = Settings(env="production", jwt_secret="x" * 48)  # type: ignore[arg-type]
    assert settings.is_production
