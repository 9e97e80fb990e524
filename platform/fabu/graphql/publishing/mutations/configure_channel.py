"""configureChannel: a tenant admin changes an installed channel's config; secrets left blank keep their value."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.publishing.types import ChannelInstallationType
from fabu.publishing import configure_channel as configure
from fabu.publishing.plugins import key_ring
from fabu.tenancy.roles import Role


@strawberry.input
class ConfigureChannelInput:
    channel: str
    config: JSON = strawberry.field(
        description="要修改的字段；密钥留空或 ****** 表示不变 / fields to change; a secret left empty or ****** keeps its value"
    )


@strawberry.type
class ConfigureChannelPayload:
    installation: ChannelInstallationType | None
    errors: list[UserError]


@strawberry.mutation(description="修改渠道配置 / change a channel's config", extensions=requires(Role.TENANT_ADMIN))
async def configure_channel(info: Info, input: ConfigureChannelInput) -> ConfigureChannelPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> ChannelInstallationType:
        changes = input.config if isinstance(input.config, dict) else {}
        configured = await configure(viewer.tenant_id, key_ring(info.context.settings), input.channel, changes)
        return ChannelInstallationType.from_installation(configured)

    outcome = await mutate(info, "publishing.configure_channel", {"channel": input.channel}, work, lambda i: ("ChannelInstallation", i.id))
    return ConfigureChannelPayload(installation=outcome.value, errors=outcome.errors)
