"""A tenant admin installs and configures channels; secrets are sealed at rest and never shown."""

from __future__ import annotations

import pytest

from fabu.channels.secrets import SecretsConfigError
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.publishing.installations import channel_config
from fabu.publishing.plugins import key_ring
from fabu.settings import Settings
from fabu_loopback import LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import API_KEY, CHANNELS, CONFIGURE, ENABLE, INSTALL, install_loopback
from workflow.workflow_support import Desk, make_workflow_unit


async def test_an_installed_channel_shows_its_plugin_and_schema_but_never_its_secret(desk: Desk, loopback: LoopbackServer) -> None:
    await install_loopback(desk, loopback)

    listed = (await desk.gql.data(CHANNELS, token=await desk.token("admin")))["channels"]

    assert len(listed) == 1
    channel = listed[0]
    assert (channel["channel"], channel["enabled"], channel["displayName"]) == ("loopback", True, "回环测试渠道")
    assert "publish" in channel["capabilities"]
    assert "status" in channel["capabilities"]
    assert channel["secretFields"] == ["api_key"]
    assert channel["configSchema"]["properties"]["api_key"]["secret"] is True
    assert channel["config"] == {"base_url": loopback.base_url + "/", "api_key": "******"}
    async with tenant_transaction(desk.wu.unit.id):
        row = await DB.fetchrow("select config::text as config, secrets::text as secrets from channel_installations")
    assert row is not None
    assert API_KEY not in row["config"]
    assert API_KEY not in row["secrets"]


async def test_a_config_the_plugin_refuses_is_an_error_naming_the_field(desk: Desk) -> None:
    data = await desk.gql.data(
        INSTALL, {"input": {"channel": "loopback", "config": {"base_url": "not a url"}}}, token=await desk.token("admin")
    )

    errors = data["installChannel"]["errors"]
    assert {error["field"] for error in errors} == {"config.base_url", "config.api_key"}
    assert {error["code"] for error in errors} == {"INVALID_CONFIG"}
    assert (await desk.gql.data(CHANNELS, token=await desk.token("admin")))["channels"] == []


async def test_an_unknown_channel_cannot_be_installed(desk: Desk) -> None:
    data = await desk.gql.data(INSTALL, {"input": {"channel": "douyin", "config": {}}}, token=await desk.token("admin"))

    assert [(e["field"], e["code"]) for e in data["installChannel"]["errors"]] == [("channel", "UNKNOWN_CHANNEL")]


async def test_configuring_keeps_a_secret_sent_back_redacted(desk: Desk, loopback: LoopbackServer, settings: Settings) -> None:
    await install_loopback(desk, loopback)

    data = await desk.gql.data(
        CONFIGURE, {"input": {"channel": "loopback", "config": {"base_url": "http://127.0.0.1:9", "api_key": "******"}}},
        token=await desk.token("admin"),
    )

    assert data["configureChannel"]["errors"] == []
    assert data["configureChannel"]["installation"]["config"] == {"base_url": "http://127.0.0.1:9/", "api_key": "******"}
    async with tenant_transaction(desk.wu.unit.id):
        config = await channel_config(desk.wu.unit.id, key_ring(settings), "loopback")
    assert config.api_key.get_secret_value() == API_KEY  # type: ignore[attr-defined]


async def test_only_a_tenant_admin_installs_channels(desk: Desk, loopback: LoopbackServer) -> None:
    config = {"base_url": loopback.base_url, "api_key": API_KEY}
    response = await desk.gql(INSTALL, {"input": {"channel": "loopback", "config": config}}, token=await desk.token("publisher"))

    assert response["data"] is None
    assert response["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_disabled_channel_can_be_switched_back_on(desk: Desk, loopback: LoopbackServer) -> None:
    await install_loopback(desk, loopback)

    off = await desk.gql.data(ENABLE, {"input": {"channel": "loopback", "enabled": False}}, token=await desk.token("admin"))
    listed = (await desk.gql.data(CHANNELS, token=await desk.token("admin")))["channels"]

    assert off["setChannelEnabled"]["installation"] == {"channel": "loopback", "enabled": False}
    assert [c["enabled"] for c in listed] == [False]


async def test_another_unit_sees_none_of_the_installations(
    desk: Desk, loopback: LoopbackServer, gql: GraphQLClient, units: UnitFactory
) -> None:
    await install_loopback(desk, loopback)
    other = Desk(gql, units, await make_workflow_unit(units))

    assert (await other.gql.data(CHANNELS, token=await other.token("admin")))["channels"] == []
    async with tenant_transaction(other.wu.unit.id):
        assert await DB.fetch("select * from channel_installations") == []


def test_a_key_ring_built_for_development_is_not_reused_in_production() -> None:
    secret = "s" * 48
    key_ring(Settings(env="development", jwt_secret=secret, secrets_keys=""))  # type: ignore[arg-type]
    with pytest.raises(SecretsConfigError):
        key_ring(Settings(env="production", jwt_secret=secret, secrets_keys=""))  # type: ignore[arg-type]
