"""Workflow queries: the inbox, a release's workflow, the unit's documents, the authority explanation."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.db.engine import DB
from fabu.graphql.context import Info
from fabu.graphql.ids import decode_id
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.graphql.workflow.state import workflow_state
from fabu.graphql.workflow.types import TaskType, WorkflowStateType
from fabu.workflow import documents
from fabu.workflow.definition import explain, to_mermaid, to_svg
from fabu.workflow.inbox import INBOX_TASKS, acting_for
from fabu.workflow.release_view import load_release


@strawberry.type(description="工作流文档（模板或审定权限矩阵）的一个版本 / one version of a workflow document")
class WorkflowDocumentType:
    key: str
    version: int
    yaml: str
    mermaid: str | None
    svg: str | None


@strawberry.type(description="审定权限说明 / which authority-matrix rule applies to a release, and why")
class AuthorityExplanation:
    matrix_key: str
    matrix_version: int
    rule: str | None
    approvers: list[str]
    summary: str
    reasons: list[str]


@strawberry.type
class WorkflowQuery:
    @strawberry.field(description="我的待办 / what waits for me", extensions=requires())
    async def inbox(self, info: Info, first: int = 50, after: str | None = None) -> Connection[TaskType]:
        viewer = info.context.viewer
        assert viewer is not None
        return await keyset_page(
            table=INBOX_TASKS, sort_column="created_key", first=first, after=after, args=[await acting_for(viewer.person_id)],
            max_page_size=info.context.settings.graphql_max_page_size, to_node=TaskType.from_row,
        )

    @strawberry.field(description="稿件的流程状态 / a release's workflow", extensions=requires())
    async def workflow(self, info: Info, release_id: relay.GlobalID) -> WorkflowStateType | None:
        from fabu.graphql.releases.types import ReleaseType

        release = decode_id(release_id, ReleaseType, "releaseId")
        assert release is not None
        return await workflow_state(release)

    @strawberry.field(description="当前工作流模板 / the unit's active workflow template", extensions=requires())
    async def workflow_template(self, info: Info) -> WorkflowDocumentType | None:
        row = await documents.active_document(documents.TEMPLATE)
        if row is None:
            return None
        template = documents.template_of(row)
        return WorkflowDocumentType(key=row["key"], version=row["version"], yaml=row["source_yaml"], mermaid=to_mermaid(template), svg=to_svg(template))

    @strawberry.field(description="当前审定权限矩阵 / the unit's active authority matrix", extensions=requires())
    async def authority_matrix(self, info: Info) -> WorkflowDocumentType | None:
        row = await documents.active_document(documents.MATRIX)
        if row is None:
            return None
        return WorkflowDocumentType(key=row["key"], version=row["version"], yaml=row["source_yaml"], mermaid=None, svg=None)

    @strawberry.field(description="说明稿件的审定层级由哪条规则决定 / explain the approving level of a release", extensions=requires())
    async def explain_authority(self, info: Info, release_id: relay.GlobalID) -> AuthorityExplanation:
        from fabu.graphql.releases.types import ReleaseType

        release_uuid = decode_id(release_id, ReleaseType, "releaseId")
        assert release_uuid is not None
        release = await load_release(release_uuid)
        instance = await DB.fetchrow("select matrix_id from workflow_instances where release_id = $1", release_uuid)
        if instance is not None:
            matrix_row = await documents.document_by_id(instance["matrix_id"])
        else:
            _, matrix_row = await documents.active_template_and_matrix()
        assert matrix_row is not None
        matrix = documents.matrix_of(matrix_row)
        explanation = explain(matrix, release.facts)
        return AuthorityExplanation(
            matrix_key=matrix.key,
            matrix_version=matrix.version,
            rule=explanation.matched.key if explanation.matched else None,
            approvers=[f"{level.label_zh} / {level.label_en}" for level in explanation.approvers],
            summary=f"{explanation.summary_zh} / {explanation.summary_en}",
            reasons=[
                *([f"适用理由 / because: {explanation.matched.reason_zh} / {explanation.matched.reason_en}"] if explanation.matched else []),
                *(f"跳过 / skipped {rule.key}: {rule.reason_zh} / {rule.reason_en}" for rule in explanation.skipped),
            ],
        )


__all__ = ["WorkflowQuery"]
