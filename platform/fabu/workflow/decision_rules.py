"""Which decision a person may take on a task: the decision fits the task, and the person may take it.

Four eyes: nobody approves a release they drafted or last edited, and nobody confirms the
proofreading of a text they wrote (``fabu.workflow.proofread_chain.content_authors``). A return goes
only where the template allows, a rejection only from a stage that can reject, an escalation only
over a countersign disagreement. Every refusal names the input field; nothing is written here.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.workflow.decisions import ALLOWED, Decision, TaskKind
from fabu.workflow.definition import RouteStage
from fabu.workflow.errors import WorkflowErrorCode
from fabu.workflow.proofread_chain import content_authors
from fabu.workflow.release_view import ReleaseView


def _refused(code: WorkflowErrorCode, zh: str, en: str, field: str | None = "releaseId") -> FabuError:
    return FabuError(code, zh, en, field=field)


async def check(
    decision: Decision, return_to: str | None, stage: RouteStage, kind: TaskKind, release: ReleaseView, instance: dict[str, Any],
    person_id: UUID, on_behalf_of: UUID | None,
) -> None:
    """Raise a ``FabuError`` naming the field unless ``person_id`` may take ``decision`` on a ``kind`` task of ``stage``."""
    if decision not in ALLOWED[kind]:
        allowed = "、".join(d.label_zh for d in sorted(ALLOWED[kind]))
        raise _refused(
            WorkflowErrorCode.ILLEGAL_TRANSITION, f"此环节只能：{allowed}",
            f"this task accepts only: {', '.join(sorted(ALLOWED[kind]))}", field="decision",
        )
    if decision.is_approval and ({person_id, on_behalf_of} & release.authors):
        raise _refused(
            WorkflowErrorCode.FOUR_EYES, "起草或最后修改稿件的人不能审批该稿件",
            "nobody may approve a release they drafted or last edited", field="decision",
        )
    if decision is Decision.CONFIRM and ({person_id, on_behalf_of} & await content_authors(release)):
        # The proofreader may have made the last edit (a correction); writing the approved text is what rules them out.
        raise _refused(
            WorkflowErrorCode.FOUR_EYES, "起草或修改过稿件的人不能校对该稿件", "nobody may proofread a release they drafted or edited",
            field="decision",
        )
    if decision is Decision.RETURN and return_to not in stage.return_to:
        targets = "、".join(stage.return_to) or "无"
        raise _refused(
            WorkflowErrorCode.INVALID_RETURN_TARGET, f"只能退回到：{targets}",
            f"the release can be returned only to: {', '.join(stage.return_to) or 'nowhere'}", field="returnTo",
        )
    if decision is Decision.REJECT and stage.reject_to is None:
        raise _refused(WorkflowErrorCode.ILLEGAL_TRANSITION, "此环节不能作不予发布处理", "this stage cannot reject", field="decision")
    if decision is Decision.ESCALATE and not await has_disagreement(release.id, stage.key, instance["round"]):
        raise _refused(
            WorkflowErrorCode.ILLEGAL_TRANSITION, "没有会签分歧，无需报请裁定", "there is no disagreement to escalate", field="decision",
        )


async def has_disagreement(release_id: UUID, stage_key: str, round_: int) -> bool:
    row = await DB.fetchrow(
        """select 1 from opinions where release_id = $1 and stage_key = $2 and round = $3 and decision = 'disagree'
           and voided_at is null limit 1""",
        release_id, stage_key, round_,
    )
    return row is not None
