"""What a diagram of a template shows, independent of how it is drawn: the edges and each stage's text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fabu.workflow.definition._durations import describe_duration
from fabu.workflow.definition._template import (
    NEXT,
    ApprovalStage,
    CountersignStage,
    DraftStage,
    ProofreadStage,
    ReviewStage,
    Stage,
    WorkflowTemplate,
)


class EdgeKind(StrEnum):
    APPROVE = "approve"  # submit or approve: to the next stage (solid)
    SKIP = "skip"  # past a conditional stage that does not apply (solid, grey)
    RETURN = "return"  # back to a named earlier stage (dashed)
    REJECT = "reject"  # to the rejected stage (dotted)
    EDIT = "edit"  # an edit after approval sends the release back (dashed)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind
    label_zh: str
    label_en: str


def diagram_edges(template: WorkflowTemplate) -> list[Edge]:
    """Every arrow of the template's diagram, forward arrows first."""
    stages = template.stages
    edges: list[Edge] = []
    for position, stage in enumerate(stages):
        if stage.kind.terminal:
            continue
        target = position + 1
        outcomes = getattr(stage, "outcomes", None)
        if outcomes is not None and outcomes.approve != NEXT:
            target = template.position(outcomes.approve)
        label = {DraftStage: ("提交", "submit"), ProofreadStage: ("校对确认", "confirm")}.get(type(stage), ("同意", "approve"))
        edges.append(Edge(stage.key, stages[target].key, EdgeKind.APPROVE, *label))
        skipped = target
        while skipped + 1 < len(stages) and getattr(stages[skipped], "when", None) is not None:
            passed = stages[skipped]
            edges.append(
                Edge(
                    stage.key,
                    stages[skipped + 1].key,
                    EdgeKind.SKIP,
                    f"「{passed.name}」不适用时",
                    f"if {passed.name_en} does not apply",
                )
            )
            skipped += 1
    for stage in stages:
        outcomes = getattr(stage, "outcomes", None)
        if outcomes is None:
            continue
        edges.extend(Edge(stage.key, key, EdgeKind.RETURN, "退回", "return") for key in outcomes.return_to)
        rejected = template.rejected_stage
        if outcomes.reject and rejected is not None:
            edges.append(Edge(stage.key, rejected.key, EdgeKind.REJECT, "不予发布", "reject"))
    edit = template.edit_after_approval.return_to
    edges.append(Edge(template.ready_stage.key, edit, EdgeKind.EDIT, "审定后修改内容", "edited after approval"))
    return edges


def stage_lines(template: WorkflowTemplate, stage: Stage) -> list[str]:
    """The lines under a stage's name in a diagram, Chinese first: who acts, when, deadline, checks."""
    lines = [_who(template, stage)]
    when = getattr(stage, "when", None)
    if when is not None:
        lines.append(f"适用条件：{when.describe()[0]}")
    deadline = getattr(stage, "deadline", None)
    if deadline is not None:
        text = f"时限{describe_duration(deadline.within)[0]}"
        if deadline.remind_before is not None:
            text += f"，提前{describe_duration(deadline.remind_before)[0]}提醒"
        if deadline.escalate_to is not None:
            text += f"；超时升级至{deadline.escalate_to.describe()[0]}"
        else:
            text += "；超时再次提醒"
        lines.append(text)
    if getattr(stage, "gated_by_checks", False):
        lines.append("须通过发布前检查")
    return lines


def _who(template: WorkflowTemplate, stage: Stage) -> str:
    kind = stage.kind.label_zh
    if isinstance(stage, DraftStage | ReviewStage):
        return f"{kind}：" + "、".join(actor.describe()[0] for actor in stage.actors)
    if isinstance(stage, CountersignStage):
        return (
            f"{kind}：{stage.participants.describe()[0]}；{stage.consolidator.describe()[0]}汇总；"
            f"争议由{stage.arbiter.describe()[0]}裁定"
        )
    if isinstance(stage, ProofreadStage):
        who = "、".join(actor.describe()[0] for actor in stage.actors)
        return f"{kind}：{who}校对确认，可更正不超过 {stage.max_changed_characters} 字"
    if isinstance(stage, ApprovalStage):
        return f"{kind}：审定权限矩阵 {template.authority_matrix} 规定的审定人依次审定"
    return f"终止环节（{kind}）"


def withdrawal_note(template: WorkflowTemplate) -> str | None:
    """A line saying where the drafter may withdraw from, or ``None``."""
    withdrawal = template.withdrawal
    if withdrawal is None:
        return None
    at = "、".join(template.stage(key).name for key in withdrawal.allowed_at)
    return f"撤回：在{at}环节可撤回至{template.stage(withdrawal.return_to).name}"
