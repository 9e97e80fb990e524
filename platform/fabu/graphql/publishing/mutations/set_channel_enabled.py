"""setChannelEnabled: a tenant admin switches an installed channel on or off."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.publishing.types import ChannelInstallationType
from fabu.publishing import set_channel_enabled as switch
from fabu.tenancy.roles import Role


@strawberry.input
class SetChannelEnabledInput:
    channel: str
    enabled: bool


@strawberry.type
class SetChannelEnabledPayload:
    installation: ChannelInstallationType | None
    errors: list[UserError]


@strawberry.mutation(
    description="启用或停用渠道；停用期间待发的发布与更正暂不发送，撤回照常 / switch a channel on or off; while it is off, "
    "its waiting publications and corrections are held, takedowns still go out",
    extensions=requires(Role.TENANT_ADMIN),
)
async def set_channel_enabled(info: Info, input: SetChannelEnabledInput) -> SetChannelEnabledPayload:
    async def work() -> ChannelInstallationType:
        return ChannelInstallationType.from_installation(await switch(input.channel, input.enabled))

    outcome = await mutate(info, "publishing.set_channel_enabled", input, work, lambda i: ("ChannelInstallation", i.id))
    return SetChannelEnabledPayload(installation=outcome.value, errors=outcome.errors)
