"""submitRelease / decide / withdrawRelease: moving a release through its workflow."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.errors import CommonErrorCode, FabuError
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.graphql.workflow.state import required_state
from fabu.graphql.workflow.types import DecisionEnum, WorkflowStateType
from fabu.storage import TenantObjects
from fabu.workflow import engine, gates, receipts
from fabu.workflow.decisions import Decision


@strawberry.type
class WorkflowPayload:
    workflow: WorkflowStateType | None
    replayed: bool = strawberry.field(description="重复请求，未再次执行 / a retry of an earlier request; nothing was done again")
    errors: list[UserError]


def release_uuid(global_id: relay.GlobalID) -> UUID:
    from fabu.graphql.releases.types import ReleaseType

    release = decode_id(global_id, ReleaseType, "releaseId")
    assert release is not None
    return release


async def _transition(
    info: Info, name: str, release_gid: relay.GlobalID, client_mutation_id: str | None, audited: Mapping[str, object],
    act: Callable[[UUID], Awaitable[engine.Transition]],
) -> WorkflowPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[UUID, bool]:
        release_id = release_uuid(release_gid)
        if await receipts.recorded(viewer.account_id, client_mutation_id, name) is not None:
            return release_id, True
        transition = await act(release_id)
        await receipts.record(viewer.tenant_id, viewer.account_id, client_mutation_id, name, {"stage": transition.stage_key})
        return release_id, False

    outcome = await mutate(info, f"workflow.{name}", audited, work, lambda result: ("Release", str(result[0])))
    if outcome.value is None:
        return WorkflowPayload(workflow=None, replayed=False, errors=outcome.errors)
    release_id, replayed = outcome.value
    return WorkflowPayload(workflow=await required_state(release_id), replayed=replayed, errors=[])


def tenant_objects(info: Info) -> TenantObjects:
    """The viewer's unit's objects: the checks read a release's attachments from them."""
    assert info.context.viewer is not None
    return TenantObjects(info.context.services.store, info.context.viewer.tenant_id)


@strawberry.input
class SubmitReleaseInput:
    release_id: relay.GlobalID
    note: str = ""
    client_mutation_id: str | None = None


@strawberry.mutation(description="提交审核 / submit a release into its workflow", extensions=requires())
async def submit_release(info: Info, input: SubmitReleaseInput) -> WorkflowPayload:
    viewer = info.context.viewer
    assert viewer is not None
    return await _transition(
        info, "submit", input.release_id, input.client_mutation_id, {"note": input.note},
        lambda release_id: engine.submit(viewer.tenant_id, viewer.person_id, release_id, tenant_objects(info), input.note),
    )


@strawberry.input(description="豁免一项发布前检查发现，须说明理由 / override one check finding, with the reason")
class CheckOverrideInput:
    fingerprint: str = strawberry.field(description="检查发现的指纹（见 checkReport）/ the finding's fingerprint (see checkReport)")
    reason: str = strawberry.field(description="豁免理由，必填 / why the finding may pass, required")


@strawberry.input
class DecideInput:
    release_id: relay.GlobalID
    decision: DecisionEnum  # type: ignore[valid-type]
    opinion: str = strawberry.field(description="明确的意见 / the explicit opinion, required")
    task_id: strawberry.ID | None = strawberry.field(default=None, description="办理的待办 / the task acted on (from the inbox)")
    stage: str | None = strawberry.field(default=None, description="办理的环节，用于发现他人已先办理 / the stage acted on")
    return_to: str | None = strawberry.field(default=None, description="退回到的环节 / the stage to return to")
    expected_lock_version: int | None = None
    overrides: list[CheckOverrideInput] | None = strawberry.field(
        default=None,
        description="同意时豁免的阻断性检查发现（密级标识不可豁免）/ blocking findings to let pass on approval (never fatal ones)",
    )
    client_mutation_id: str | None = None


@strawberry.mutation(description="办理：同意、退回、不予发布、会签意见、报请裁定 / decide on the current stage", extensions=requires())
async def decide(info: Info, input: DecideInput) -> WorkflowPayload:
    viewer = info.context.viewer
    assert viewer is not None

    def task_uuid() -> UUID | None:
        if input.task_id is None:
            return None
        try:
            return UUID(str(input.task_id))
        except ValueError:
            raise FabuError(CommonErrorCode.INVALID, "待办 ID 格式不正确", "taskId is malformed", field="taskId") from None

    async def act(release_id: UUID) -> engine.Transition:
        return await engine.decide(
            viewer.tenant_id, viewer.person_id,
            engine.DecisionInput(
                release_id=release_id, decision=Decision(input.decision), opinion=input.opinion, task_id=task_uuid(),
                stage_key=input.stage, return_to=input.return_to, expected_lock_version=input.expected_lock_version,
                overrides=overrides,
            ),
            tenant_objects(info),
        )

    overrides = tuple(gates.CheckOverride(o.fingerprint, o.reason) for o in input.overrides or ())
    audited = {
        "decision": str(input.decision), "opinion": input.opinion, "returnTo": input.return_to, "stage": input.stage,
        "overrides": [{"fingerprint": o.fingerprint, "reason": o.reason} for o in overrides],
    }  # fmt: skip
    return await _transition(info, "decide", input.release_id, input.client_mutation_id, audited, act)


@strawberry.input
class WithdrawReleaseInput:
    release_id: relay.GlobalID
    reason: str
    client_mutation_id: str | None = None


@strawberry.mutation(description="撤回 / the drafter takes a submitted release back", extensions=requires())
async def withdraw_release(info: Info, input: WithdrawReleaseInput) -> WorkflowPayload:
    viewer = info.context.viewer
    assert viewer is not None
    return await _transition(
        info, "withdraw", input.release_id, input.client_mutation_id, {"reason": input.reason},
        lambda release_id: engine.withdraw(viewer.tenant_id, viewer.person_id, release_id, input.reason),
    )
