"""correctProofread: at the proofread stage, a publisher corrects typos without voiding the approvals."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.releases.mutations.payloads import saved_release
from fabu.graphql.releases.types import ReleaseType
from fabu.graphql.releases.variant_type import ReleaseVariantInput, variants_from_input
from fabu.graphql.workflow.mutations.transitions import release_uuid, tenant_objects
from fabu.graphql.workflow.state import required_state
from fabu.graphql.workflow.types import WorkflowStateType
from fabu.workflow import proofreading, receipts

MUTATION = "correct_proofread"


@strawberry.input(description="校对更正：只改文字，且不超过本环节的字数上限 / a proofreading correction: text only, within the stage's bound")
class CorrectProofreadInput:
    release_id: relay.GlobalID
    expected_version: int = strawberry.field(description="读取时稿件的 lockVersion / the release's lockVersion you read")
    title: str | None = None
    summary: str | None = None
    body_html: str | None = None
    variants: list[ReleaseVariantInput] | None = strawberry.field(
        default=None, description="替换全部渠道专属内容 / replaces every variant"
    )
    note: str = strawberry.field(default="", description="更正说明 / what was corrected, for the approvers")
    client_mutation_id: str | None = strawberry.field(
        default=None, description="重试同一请求时不变，只更正一次 / the same on a retry, so the correction is made once"
    )


@strawberry.type
class CorrectProofreadPayload:
    release: ReleaseType | None
    workflow: WorkflowStateType | None
    replayed: bool = strawberry.field(description="重复请求，未再次执行 / a retry of an earlier request; nothing was done again")
    errors: list[UserError]


@strawberry.mutation(
    description="发布前校对更正错别字（生成新版本，不影响已有审定，差异附于审批意见旁）/ correct typos at the proofread stage",
    extensions=requires(),
)
async def correct_proofread(info: Info, input: CorrectProofreadInput) -> CorrectProofreadPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[ReleaseType, bool]:
        release_id = release_uuid(input.release_id)
        if await receipts.recorded(viewer.account_id, input.client_mutation_id, MUTATION) is not None:
            return await saved_release(info, release_id), True
        correction = proofreading.Correction(
            title=input.title, summary=input.summary, body_html=input.body_html,
            variants=variants_from_input(input.variants) if input.variants is not None else None, note=input.note,
        )  # fmt: skip
        saved = await proofreading.correct(
            viewer.tenant_id, viewer.person_id, release_id, correction, input.expected_version, tenant_objects(info)
        )
        await receipts.record(viewer.tenant_id, viewer.account_id, input.client_mutation_id, MUTATION, {"version": saved.number})
        return await saved_release(info, release_id), False

    outcome = await mutate(info, f"workflow.{MUTATION}", input, work, lambda r: ("Release", r[0].id))
    if outcome.value is None:
        return CorrectProofreadPayload(release=None, workflow=None, replayed=False, errors=outcome.errors)
    release, replayed = outcome.value
    return CorrectProofreadPayload(release=release, workflow=await required_state(release.uuid), replayed=replayed, errors=[])
