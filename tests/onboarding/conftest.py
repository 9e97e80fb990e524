"""Onboarding tests apply manifests through the platform's engine, as the services configured it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from fabu.onboarding import AccountPolicy, ApplyResult, apply_manifest, export_manifest
from fabu.services import Services
from fabu.settings import Settings
from factories import PASSWORD
from onboarding.onboarding_support import valid

Apply = Callable[..., Awaitable[ApplyResult]]


@pytest.fixture(autouse=True)
def _channel_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The city example's WeChat secret is an environment reference, resolved at apply time (the CLI inherits it)."""
    monkeypatch.setenv("DEMO_WECHAT_APP_SECRET", "wechat-secret-for-tests")


@pytest.fixture
def apply(settings: Settings, services: Services) -> Apply:
    """Apply manifest data; every new account gets the test password so tests can log in."""

    async def run(data: dict[str, Any], *, dry_run: bool = False) -> ApplyResult:
        return await apply_manifest(valid(data), settings, dry_run=dry_run, accounts=AccountPolicy(fixed_password=PASSWORD))

    return run


@pytest.fixture
def export(services: Services) -> Callable[[str], Awaitable[dict[str, Any]]]:
    return export_manifest
