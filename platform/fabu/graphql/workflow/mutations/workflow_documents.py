"""applyWorkflowTemplate / applyAuthorityMatrix: a tenant admin installs a new version from YAML."""

from __future__ import annotations

import strawberry

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.tenancy.roles import Role
from fabu.workflow import documents


@strawberry.input
class ApplyWorkflowDocumentInput:
    yaml: str = strawberry.field(description="YAML 文档 / the document as YAML")


@strawberry.type
class ApplyWorkflowDocumentPayload:
    key: str | None
    version: int | None
    created: bool = strawberry.field(description="是否生成了新版本（内容未变则否）/ whether a new version was created")
    errors: list[UserError]


async def _apply(info: Info, input: ApplyWorkflowDocumentInput, kind: str) -> ApplyWorkflowDocumentPayload:
    viewer = info.context.viewer
    assert viewer is not None
    apply = documents.apply_template if kind == documents.TEMPLATE else documents.apply_matrix

    async def work() -> documents.AppliedDocument:
        return await apply(viewer.tenant_id, input.yaml, viewer.person_id)

    outcome = await mutate(info, f"workflow.apply_{kind}", {"yaml": input.yaml}, work, lambda d: ("WorkflowDocument", f"{d.key}@{d.version}"))
    applied = outcome.value
    return ApplyWorkflowDocumentPayload(
        key=applied.key if applied else None, version=applied.version if applied else None,
        created=bool(applied and applied.created), errors=outcome.errors,
    )


@strawberry.mutation(description="应用工作流模板 / apply a workflow template", extensions=requires(Role.TENANT_ADMIN))
async def apply_workflow_template(info: Info, input: ApplyWorkflowDocumentInput) -> ApplyWorkflowDocumentPayload:
    return await _apply(info, input, documents.TEMPLATE)


@strawberry.mutation(description="应用审定权限矩阵 / apply an authority matrix", extensions=requires(Role.TENANT_ADMIN))
async def apply_authority_matrix(info: Info, input: ApplyWorkflowDocumentInput) -> ApplyWorkflowDocumentPayload:
    return await _apply(info, input, documents.MATRIX)
