"""Channels in a manifest are installed: secrets come from the environment, are sealed, and are exported as references."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import pytest
from pydantic import SecretStr

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.onboarding import AccountPolicy, ManifestError, apply_manifest, export_yaml, load_manifest
from fabu.publishing.installations import channel_config, configure_channel
from fabu.publishing.plugins import key_ring
from fabu.settings import Settings
from factories import PASSWORD
from onboarding.conftest import Apply
from onboarding.onboarding_support import CITY, as_yaml, example, valid

Export = Callable[[str], Awaitable[dict[str, Any]]]
SECRET = "wechat-secret-for-tests"  # set by the package's conftest


async def _installed(tenant_id: UUID) -> dict[str, dict[str, Any]]:
    async with tenant_transaction(tenant_id):
        rows = await DB.fetch("select channel, enabled, config::text as config, secrets::text as secrets from channel_installations")
    return {row["channel"]: row for row in rows}


async def _wechat_secret(settings: Settings, tenant_id: UUID) -> str:
    async with tenant_transaction(tenant_id):
        config = await channel_config(tenant_id, key_ring(settings), "wechat")
    secret: str = config.app_secret.get_secret_value()  # type: ignore[attr-defined]
    return secret


async def test_applying_installs_each_channel_with_its_secret_from_the_environment_sealed(apply: Apply, settings: Settings) -> None:
    data = example(CITY)

    result = await apply(data)

    assert result.tenant_id is not None
    assert "+ 渠道 channel portal" in result.diff.lines
    assert "+ 渠道 channel wechat" in result.diff.lines
    installed = await _installed(result.tenant_id)
    assert set(installed) == {"portal", "wechat"}
    assert all(row["enabled"] for row in installed.values())
    assert SECRET not in installed["wechat"]["secrets"] + installed["wechat"]["config"]
    assert await _wechat_secret(settings, result.tenant_id) == SECRET
    assert not any(SECRET in line for line in result.diff.lines)


async def test_a_missing_variable_is_a_problem_naming_the_field_and_nothing_is_created(
    apply: Apply, export: Export, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEMO_WECHAT_APP_SECRET")
    data = example(CITY)

    with pytest.raises(ManifestError) as refused:
        await apply(data, dry_run=True)
    with pytest.raises(ManifestError):
        await apply(data)

    [found] = refused.value.problems
    assert found.path == "channels[1].config.app_secret"
    assert found.code == "MISSING_ENV"
    assert "DEMO_WECHAT_APP_SECRET" in found.message_zh
    assert "DEMO_WECHAT_APP_SECRET" in found.message_en
    with pytest.raises(Exception, match="unit not found"):
        await export(data["unit"]["code"])


async def test_a_missing_variable_from_yaml_text_carries_its_line(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_WECHAT_APP_SECRET")
    text = as_yaml(example(CITY))

    with pytest.raises(ManifestError) as refused:
        await apply_manifest(load_manifest(text), settings, dry_run=True)

    assert refused.value.problems[0].line == text.splitlines().index("    app_secret: ${env:DEMO_WECHAT_APP_SECRET}") + 1


async def test_reapplying_with_the_same_secret_changes_nothing_and_a_rotated_secret_reconfigures(
    apply: Apply, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = example(CITY)
    first = await apply(data)
    assert first.tenant_id is not None

    same = await apply(data)
    monkeypatch.setenv("DEMO_WECHAT_APP_SECRET", "a-rotated-wechat-secret")
    rotated = await apply(data)

    assert same.diff.empty, same.diff.lines
    assert rotated.diff.lines == ("~ 渠道 channel wechat: 配置 config",)
    assert await _wechat_secret(settings, first.tenant_id) == "a-rotated-wechat-secret"
    assert (await apply(data)).diff.empty


async def test_a_changed_public_field_reconfigures_and_a_channel_left_out_is_disabled_not_removed(
    apply: Apply, export: Export, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = example(CITY)
    first = await apply(data)
    assert first.tenant_id is not None
    data["channels"][0]["config"]["site_name"] = "新的门户网站名称"
    wechat = data["channels"].pop(1)

    changed = await apply(data)

    assert "~ 渠道 channel portal: 配置 config" in changed.diff.lines
    assert "- 渠道 channel wechat: 停用，配置保留 / disabled, config kept" in changed.diff.lines
    installed = await _installed(first.tenant_id)
    assert "新的门户网站名称" in installed["portal"]["config"]
    assert installed["wechat"]["enabled"] is False
    assert (await apply(data)).diff.empty
    exported = await export(data["unit"]["code"])
    # No manifest names its secret any more: export writes the default reference, to be set before re-applying.
    assert exported["channels"][1] == {
        "plugin": "wechat", "config": {**wechat["config"], "app_secret": "${env:FABU_WECHAT_APP_SECRET}"}, "enabled": False
    }
    monkeypatch.setenv("FABU_WECHAT_APP_SECRET", SECRET)
    assert (await apply(exported)).diff.lines == ("~ 设置 setting channels",)  # the wechat entry is recorded again
    assert (await apply(exported)).diff.empty


async def test_an_enabled_false_entry_installs_the_channel_switched_off(apply: Apply) -> None:
    data = example(CITY)
    data["channels"][0]["enabled"] = False

    result = await apply(data)

    assert result.tenant_id is not None
    assert "+ 渠道 channel portal（停用 disabled）" in result.diff.lines
    assert (await _installed(result.tenant_id))["portal"]["enabled"] is False
    assert (await apply(data)).diff.empty


async def test_export_writes_secret_references_never_values_and_settings_changed_since(
    apply: Apply, export: Export, settings: Settings
) -> None:
    data = example(CITY)
    result = await apply(data)
    assert result.tenant_id is not None
    async with tenant_transaction(result.tenant_id):
        await configure_channel(result.tenant_id, key_ring(settings), "portal", {"contact": "联系电话：010-12345678"})

    exported = await export(data["unit"]["code"])
    text = export_yaml(exported)

    assert SECRET not in text
    assert exported["channels"][1]["config"]["app_secret"] == "${env:DEMO_WECHAT_APP_SECRET}"
    assert exported["channels"][0]["config"] == {**data["channels"][0]["config"], "contact": "联系电话：010-12345678"}
    assert (await apply(exported)).diff.empty


async def test_a_manifest_applied_as_the_platform_admin_in_graphql_or_cli_seals_with_the_same_ring(
    settings: Settings,
) -> None:
    """The key ring comes from the settings, so the API can decrypt what any apply sealed."""
    data = example(CITY)
    result = await apply_manifest(load_manifest(as_yaml(data)), settings, accounts=AccountPolicy(fixed_password=PASSWORD))
    assert result.tenant_id is not None
    assert await _wechat_secret(settings, result.tenant_id) == SECRET


async def test_a_manifest_without_channels_needs_no_sealing_key(settings: Settings, apply: Apply) -> None:
    """Production refuses to seal without FABU_SECRETS_KEYS; a unit with no channels never asks it to."""
    # A JWT secret of its own, so no ring cached by an earlier test stands in for the missing keys.
    production = settings.model_copy(
        update={"env": "production", "secrets_keys": "", "jwt_secret": SecretStr("production-jwt-secret-for-this-test-only")}
    )
    data = example(CITY)
    data.pop("channels")

    result = await apply_manifest(valid(data), production, accounts=AccountPolicy(fixed_password=PASSWORD))

    assert result.tenant_id is not None
    assert await _installed(result.tenant_id) == {}


async def test_a_value_from_the_environment_that_the_plugin_refuses_is_a_problem_naming_the_field(
    apply: Apply, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITY_WECHAT_APP_ID", "")
    data = example(CITY)
    data["channels"][1]["config"]["app_id"] = "${env:CITY_WECHAT_APP_ID}"

    with pytest.raises(ManifestError) as refused:
        await apply(data)

    [found] = refused.value.problems
    assert (found.path, found.code) == ("channels[1].config.app_id", "INVALID_ENV_VALUE")
    assert "does not fit the channel config" in found.message_en
