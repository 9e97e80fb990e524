"""installChannel: a tenant admin installs a channel plugin for the unit with its config."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.publishing.types import ChannelInstallationType
from fabu.publishing import install_channel as install
from fabu.publishing.plugins import key_ring
from fabu.tenancy.roles import Role


@strawberry.input
class InstallChannelInput:
    channel: str = strawberry.field(description="渠道插件名 / the plugin's name, e.g. portal")
    config: JSON = strawberry.field(description="按插件 JSON Schema 填写的配置 / the config, per the plugin's JSON Schema")
    enabled: bool = True


@strawberry.type
class InstallChannelPayload:
    installation: ChannelInstallationType | None
    errors: list[UserError]


@strawberry.mutation(description="安装发布渠道 / install a channel for the unit", extensions=requires(Role.TENANT_ADMIN))
async def install_channel(info: Info, input: InstallChannelInput) -> InstallChannelPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> ChannelInstallationType:
        config = input.config if isinstance(input.config, dict) else {}
        installed = await install(viewer.tenant_id, key_ring(info.context.settings), input.channel, config, enabled=input.enabled)
        return ChannelInstallationType.from_installation(installed)

    # The audit entry keeps a digest of the input only; the channel name is what it names.
    outcome = await mutate(info, "publishing.install_channel", {"channel": input.channel}, work, lambda i: ("ChannelInstallation", i.id))
    return InstallChannelPayload(installation=outcome.value, errors=outcome.errors)
