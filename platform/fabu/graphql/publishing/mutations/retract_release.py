"""retractRelease: a publisher (or the unit's admin) takes a release down from every channel that has it (撤回)."""

from __future__ import annotations

from enum import Enum
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.publishing import retraction
from fabu.publishing.retraction import ChannelRetraction, RetractionOutcome
from fabu.tenancy.roles import Role
from fabu.workflow import receipts

_MUTATION = "publishing.retract_release"


@strawberry.enum(name="RetractionOutcome", description="撤回在某渠道上的处理方式 / what a retraction does on one channel")
class RetractionOutcomeEnum(Enum):
    RETRACTING = strawberry.enum_value("retracting", description="已安排渠道撤回 / the channel's retract call is scheduled")
    BY_HAND = strawberry.enum_value(
        "by_hand", description="渠道不支持撤回，已登记并通知发布人员人工撤回 / the channel cannot; a notice was entered and the publishers told"
    )


@strawberry.type(name="ChannelRetraction", description="一个渠道上的撤回 / the retraction on one channel")
class ChannelRetractionType:
    channel: str
    outcome: RetractionOutcomeEnum


@strawberry.input
class RetractReleaseInput:
    release_id: relay.GlobalID = strawberry.field(description="要撤回的稿件 / the release to take down")
    reason: str = strawberry.field(description="撤回原因，记入台账 / why, entered in the ledger")
    client_mutation_id: str | None = None


@strawberry.type
class RetractReleasePayload:
    channels: list[ChannelRetractionType] = strawberry.field(description="各渠道的处理 / what happens on each channel")
    replayed: bool = strawberry.field(description="重复请求，未再次执行 / a retry of an earlier request; nothing was done again")
    client_mutation_id: str | None
    errors: list[UserError]


def _release_id(global_id: relay.GlobalID) -> UUID:
    from fabu.graphql.releases.types import ReleaseType  # the releases types import the publishing domain's

    release = decode_id(global_id, ReleaseType, "releaseId")
    assert release is not None
    return release


@strawberry.mutation(
    description="从所有已发布渠道撤回稿件 / take a release down from every channel that has it",
    extensions=requires(Role.PUBLISHER, Role.TENANT_ADMIN),
)
async def retract_release(info: Info, input: RetractReleaseInput) -> RetractReleasePayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[UUID, list[ChannelRetraction], bool]:
        release_id = _release_id(input.release_id)
        earlier = await receipts.recorded(viewer.account_id, input.client_mutation_id, _MUTATION)
        if earlier is not None:
            return release_id, [ChannelRetraction(c, RetractionOutcome(o)) for c, o in earlier["channels"]], True
        done = await retraction.retract_release(viewer.tenant_id, release_id, input.reason)
        response = {"channels": [[r.channel, r.outcome.value] for r in done]}
        await receipts.record(viewer.tenant_id, viewer.account_id, input.client_mutation_id, _MUTATION, response)
        return release_id, done, False

    audited = {"reason": input.reason}
    outcome = await mutate(info, _MUTATION, audited, work, lambda result: ("Release", str(result[0])))
    if outcome.value is None:
        return RetractReleasePayload(channels=[], replayed=False, client_mutation_id=input.client_mutation_id, errors=outcome.errors)
    _, done, replayed = outcome.value
    return RetractReleasePayload(
        channels=[ChannelRetractionType(channel=r.channel, outcome=RetractionOutcomeEnum(r.outcome.value)) for r in done],
        replayed=replayed, client_mutation_id=input.client_mutation_id, errors=[],
    )
