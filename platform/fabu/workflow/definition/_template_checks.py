"""The semantic pass over a workflow template: references, order, reachability, actors, deadlines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from fabu.workflow.definition._actors import WORKFLOW_ROLES, ActorKind, ActorSpec, DepartmentRef
from fabu.workflow.definition._condition_checks import check_condition, is_satisfiable
from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._problems import DefinitionProblem, ProblemCode, problem
from fabu.workflow.definition._template import (
    NEXT,
    ApprovalStage,
    CountersignStage,
    Deadline,
    DraftStage,
    OverdueAction,
    ProofreadStage,
    ReviewStage,
    Stage,
    WorkflowTemplate,
    WorkingStage,
)


def check_template(template: WorkflowTemplate) -> list[DefinitionProblem]:
    """Every semantic problem of ``template``, each with its path; an empty list when it is sound."""
    checker = _Checker(template)
    return list(checker.run())


class _Checker:
    def __init__(self, template: WorkflowTemplate) -> None:
        self.template = template
        self.stages = template.stages
        self.index: dict[str, int] = {}
        for position, stage in enumerate(self.stages):
            self.index.setdefault(stage.key, position)
        self.never_true: set[int] = set()

    def run(self) -> Iterator[DefinitionProblem]:
        yield from self._keys()
        yield from self._kinds_and_order()
        for position, stage in enumerate(self.stages):
            path = f"stages[{position}]"
            yield from self._actors(stage, path)
            if isinstance(stage, ReviewStage | CountersignStage | ApprovalStage | ProofreadStage):
                yield from self._working(position, stage, path)
            deadline = _deadline_of(stage)
            if deadline is not None:
                yield from self._deadline(deadline, f"{path}.deadline")
        yield from self._edit_and_withdrawal()
        yield from self._reachability()

    # Keys, kinds and order ---------------------------------------------------------------------

    def _keys(self) -> Iterator[DefinitionProblem]:
        seen: set[str] = set()
        for position, stage in enumerate(self.stages):
            path = f"stages[{position}].key"
            if stage.key == NEXT:
                yield problem(
                    path,
                    ProblemCode.RESERVED_STAGE_KEY,
                    "环节标识不能是 next（它表示“下一环节”）",
                    "a stage cannot be keyed next (it means the next stage)",
                )
            if stage.key in seen:
                yield problem(
                    path,
                    ProblemCode.DUPLICATE_STAGE_KEY,
                    f"环节标识 {stage.key} 重复",
                    f"stage key {stage.key} is used twice",
                )
            seen.add(stage.key)

    def _kinds_and_order(self) -> Iterator[DefinitionProblem]:
        counts = Counter(stage.kind for stage in self.stages)
        if self.stages[0].kind is not StageKind.DRAFT:
            yield problem(
                "stages[0].kind",
                ProblemCode.DRAFT_NOT_FIRST,
                "第一个环节必须是起草（draft）",
                "the first stage must be a draft stage",
            )
        for position, stage in enumerate(self.stages):
            if stage.kind is StageKind.DRAFT and position > 0:
                code = ProblemCode.MULTIPLE_DRAFT_STAGES if counts[StageKind.DRAFT] > 1 else ProblemCode.DRAFT_NOT_FIRST
                yield problem(
                    f"stages[{position}].kind",
                    code,
                    "起草环节只能有一个，且必须在最前",
                    "there is one draft stage and it comes first",
                )
        if counts[StageKind.READY] == 0:
            yield problem(
                "stages",
                ProblemCode.NO_READY_STAGE,
                "缺少终止环节“可发布”（kind: ready）",
                "there is no terminal ready stage (kind: ready)",
            )
        for kind, code in (
            (StageKind.READY, ProblemCode.MULTIPLE_READY_STAGES),
            (StageKind.REJECTED, ProblemCode.MULTIPLE_REJECTED_STAGES),
        ):
            extra = [position for position, stage in enumerate(self.stages) if stage.kind is kind][1:]
            for position in extra:
                yield problem(
                    f"stages[{position}].kind", code, f"只能有一个 {kind} 环节", f"there can be only one {kind} stage"
                )
        yield from self._proofread_order()
        last_working = max((p for p, s in enumerate(self.stages) if not s.kind.terminal), default=-1)
        for position, stage in enumerate(self.stages):
            if stage.kind.terminal and position < last_working:
                yield problem(
                    f"stages[{position}]",
                    ProblemCode.TERMINAL_STAGE_NOT_LAST,
                    f"终止环节 {stage.key} 必须排在所有办理环节之后",
                    f"terminal stage {stage.key} must come after every working stage",
                )

    def _proofread_order(self) -> Iterator[DefinitionProblem]:
        """Proofreading is the last look before publication: one stage, after every deciding stage."""
        proofreads = [p for p, s in enumerate(self.stages) if s.kind is StageKind.PROOFREAD]
        for position in proofreads[1:]:
            yield problem(
                f"stages[{position}].kind",
                ProblemCode.MULTIPLE_PROOFREAD_STAGES,
                "发布前校对环节只能有一个",
                "there can be only one proofread stage",
            )
        deciding = (StageKind.REVIEW, StageKind.COUNTERSIGN, StageKind.APPROVAL)
        last_deciding = max((p for p, s in enumerate(self.stages) if s.kind in deciding), default=-1)
        for position in proofreads:
            if position < last_deciding:
                yield problem(
                    f"stages[{position}]",
                    ProblemCode.PROOFREAD_NOT_LAST,
                    "发布前校对须排在所有审核、会签、审定环节之后（可发布之前）",
                    "the proofread stage must come after every review, countersign and approval stage (before ready)",
                )

    # Actors -------------------------------------------------------------------------------------

    def _actors(self, stage: Stage, path: str) -> Iterator[DefinitionProblem]:
        specs: list[tuple[str, ActorSpec]] = []
        if isinstance(stage, DraftStage | ReviewStage | ProofreadStage):
            specs.extend((f"{path}.actors[{i}]", actor) for i, actor in enumerate(stage.actors))
        if isinstance(stage, CountersignStage):
            specs.extend(
                (f"{path}.{name}", getattr(stage, name)) for name in ("participants", "consolidator", "arbiter")
            )
            yield from self._countersign(stage, path)
        deadline = _deadline_of(stage)
        if deadline is not None and deadline.escalate_to is not None:
            specs.append((f"{path}.deadline.escalate_to", deadline.escalate_to))
        for actor_path, actor in specs:
            yield from _check_actor(actor, actor_path)

    def _countersign(self, stage: CountersignStage, path: str) -> Iterator[DefinitionProblem]:
        participants = stage.participants
        if participants.kind is not ActorKind.ROLE_IN_DEPARTMENT or participants.department is not DepartmentRef.CO:
            yield problem(
                f"{path}.participants",
                ProblemCode.COUNTERSIGN_PARTICIPANTS,
                "会签意见由各会签部门给出：participants 须为 {kind: role_in_department, role: ..., department: co}",
                "countersign opinions come from every co-department: participants must be {kind: role_in_department, role: ..., department: co}",
            )
        for name in ("consolidator", "arbiter"):
            actor: ActorSpec = getattr(stage, name)
            if actor.department is DepartmentRef.CO:
                yield problem(
                    f"{path}.{name}",
                    ProblemCode.ACTOR_NOT_ALLOWED,
                    f"{name} 只能是一方（如主办部门），不能是各会签部门",
                    f"the {name} is a single party (e.g. the lead department), not every co-department",
                )

    # Deciding stages ------------------------------------------------------------------------------

    def _working(self, position: int, stage: WorkingStage, path: str) -> Iterator[DefinitionProblem]:
        if stage.when is not None:
            condition_problems = check_condition(stage.when, f"{path}.when")
            yield from condition_problems
            if not condition_problems and not is_satisfiable(stage.when):
                self.never_true.add(position)
                description = stage.when.describe()
                yield problem(
                    f"{path}.when",
                    ProblemCode.CONDITION_NEVER_TRUE,
                    f"适用条件永远不成立（{description[0]}），环节 {stage.key} 永远不会进入",
                    f"the condition can never hold ({description[1]}), so stage {stage.key} is never entered",
                )
        if stage.kind is StageKind.APPROVAL and self.template.authority_matrix is None:
            yield problem(
                path,
                ProblemCode.APPROVAL_WITHOUT_MATRIX,
                "审定环节需要审定权限矩阵：请在模板中填写 authority_matrix",
                "an approval stage needs an authority matrix: set authority_matrix on the template",
            )
        yield from self._outcomes(position, stage, f"{path}.outcomes")

    def _outcomes(self, position: int, stage: WorkingStage, path: str) -> Iterator[DefinitionProblem]:
        outcomes = stage.outcomes
        if outcomes.approve != NEXT:
            target = self.index.get(outcomes.approve)
            if target is None:
                yield _unknown(f"{path}.approve", outcomes.approve)
            elif target <= position:
                yield problem(
                    f"{path}.approve",
                    ProblemCode.APPROVE_NOT_FORWARD,
                    f"同意后只能前往后面的环节，{outcomes.approve} 不在 {stage.key} 之后",
                    f"approval moves forward: {outcomes.approve} does not come after {stage.key}",
                )
            elif self.stages[target].kind is StageKind.REJECTED:
                yield problem(
                    f"{path}.approve",
                    ProblemCode.APPROVE_TO_REJECTED,
                    "同意后不能进入“不予发布”",
                    "approval cannot lead to the rejected stage",
                )
        for index, key in enumerate(outcomes.return_to):
            item = f"{path}.return_to[{index}]"
            target = self.index.get(key)
            if target is None:
                yield _unknown(item, key)
            elif self.stages[target].kind.terminal:
                yield problem(
                    item,
                    ProblemCode.RETURN_TO_TERMINAL,
                    f"不能退回到终止环节 {key}",
                    f"cannot return to the terminal stage {key}",
                )
            elif target >= position:
                yield problem(
                    item,
                    ProblemCode.RETURN_NOT_EARLIER,
                    f"只能退回到前面的环节，{key} 不在 {stage.key} 之前",
                    f"a release can only be returned to an earlier stage; {key} does not come before {stage.key}",
                )
        for key, count in Counter(outcomes.return_to).items():
            if count > 1:
                yield problem(
                    f"{path}.return_to",
                    ProblemCode.DUPLICATE_VALUE,
                    f"退回目标 {key} 重复",
                    f"return target {key} is listed twice",
                )
        if outcomes.reject and self.template.rejected_stage is None:
            yield problem(
                f"{path}.reject",
                ProblemCode.REJECT_WITHOUT_REJECTED_STAGE,
                "允许不予发布，但模板没有“不予发布”环节（kind: rejected）",
                "rejection is allowed but the template has no rejected stage (kind: rejected)",
            )

    def _deadline(self, deadline: Deadline, path: str) -> Iterator[DefinitionProblem]:
        if deadline.remind_before is not None and deadline.remind_before >= deadline.within:
            yield problem(
                f"{path}.remind_before",
                ProblemCode.REMINDER_NOT_BEFORE_DEADLINE,
                "提前提醒的时间须短于办理时限",
                "the reminder must come before the deadline: remind_before must be shorter than within",
            )
        if deadline.overdue is OverdueAction.ESCALATE and deadline.escalate_to is None:
            yield problem(
                f"{path}.escalate_to",
                ProblemCode.ESCALATION_TARGET_MISSING,
                "超时升级需要写明升级给谁（escalate_to）",
                "escalating an overdue stage needs escalate_to",
            )
        if deadline.overdue is OverdueAction.REMIND and deadline.escalate_to is not None:
            yield problem(
                f"{path}.escalate_to",
                ProblemCode.ESCALATION_TARGET_UNUSED,
                "超时处理是提醒（remind），escalate_to 不会生效；要升级请写 overdue: escalate",
                "overdue is remind, so escalate_to would never be used; write overdue: escalate to escalate",
            )

    # Paths back ----------------------------------------------------------------------------------

    def _edit_and_withdrawal(self) -> Iterator[DefinitionProblem]:
        edit = self.template.edit_after_approval.return_to
        target = self.index.get(edit)
        if target is None:
            yield _unknown("edit_after_approval.return_to", edit)
        elif self.stages[target].kind.terminal:
            yield problem(
                "edit_after_approval.return_to",
                ProblemCode.EDIT_RETURN_INVALID,
                f"审定后修改不能退回到终止环节 {edit}",
                f"an edit after approval cannot send the release to the terminal stage {edit}",
            )
        withdrawal = self.template.withdrawal
        if withdrawal is None:
            return
        back = self.index.get(withdrawal.return_to)
        if back is None:
            yield _unknown("withdrawal.return_to", withdrawal.return_to)
        for index, key in enumerate(withdrawal.allowed_at):
            item = f"withdrawal.allowed_at[{index}]"
            position = self.index.get(key)
            if position is None:
                yield _unknown(item, key)
            elif self.stages[position].kind.terminal or self.stages[position].kind is StageKind.DRAFT:
                yield problem(
                    item,
                    ProblemCode.WITHDRAWAL_INVALID,
                    f"不能在 {key} 环节撤回",
                    f"a release cannot be withdrawn at {key}",
                )
            elif back is not None and back >= position:
                yield problem(
                    item,
                    ProblemCode.WITHDRAWAL_INVALID,
                    f"撤回须回到更早的环节：{withdrawal.return_to} 不在 {key} 之前",
                    f"withdrawal goes back: {withdrawal.return_to} does not come before {key}",
                )

    # Reachability ----------------------------------------------------------------------------------

    def _reachability(self) -> Iterator[DefinitionProblem]:
        reached: set[int] = set()
        pending = list(self._arrivals(0))
        while pending:
            position = pending.pop()
            if position in reached:
                continue
            reached.add(position)
            pending.extend(self._successors(position))
        for position, stage in enumerate(self.stages):
            if position not in reached and position not in self.never_true:
                yield problem(
                    f"stages[{position}]",
                    ProblemCode.UNREACHABLE_STAGE,
                    f"环节 {stage.key} 从起草出发无法到达",
                    f"stage {stage.key} cannot be reached from the draft stage",
                )

    def _arrivals(self, position: int) -> Iterator[int]:
        """Where a release heading for ``position`` lands: there, or past it while stages do not apply."""
        while position < len(self.stages):
            stage = self.stages[position]
            if position not in self.never_true:
                yield position
            if getattr(stage, "when", None) is None:
                return
            position += 1

    def _successors(self, position: int) -> Iterator[int]:
        stage = self.stages[position]
        if stage.kind.terminal:
            return
        approve = getattr(stage, "outcomes", None)
        target = position + 1
        if approve is not None and approve.approve != NEXT:
            named = self.index.get(approve.approve)
            if named is not None and named > position:  # an invalid target is reported already; do not cascade
                target = named
        yield from self._arrivals(target)
        if approve is None:
            return
        for key in approve.return_to:
            back = self.index.get(key)
            if back is not None and back < position:
                yield from self._arrivals(back)
        rejected = self.template.rejected_stage
        if approve.reject and rejected is not None:
            yield self.index[rejected.key]


def _deadline_of(stage: Stage) -> Deadline | None:
    if isinstance(stage, DraftStage | ReviewStage | CountersignStage | ApprovalStage | ProofreadStage):
        return stage.deadline
    return None


def _check_actor(actor: ActorSpec, path: str) -> Iterator[DefinitionProblem]:
    if actor.kind is ActorKind.MATRIX_APPROVERS:
        yield problem(
            f"{path}.kind",
            ProblemCode.ACTOR_NOT_ALLOWED,
            "审定权限矩阵的审定人只在审定环节（kind: approval）中办理，无需在此列出",
            "the matrix's approvers act only at an approval stage (kind: approval); do not list them here",
        )
    if actor.role is not None and actor.role not in WORKFLOW_ROLES:
        yield problem(
            f"{path}.role",
            ProblemCode.ROLE_NOT_FOR_WORKFLOW,
            f"角色「{actor.role.label_zh}」不参与信息发布流程",
            f"the {actor.role.label_en} role takes no part in the release workflow",
        )


def _unknown(path: str, key: str) -> DefinitionProblem:
    return problem(path, ProblemCode.UNKNOWN_STAGE, f"没有标识为 {key} 的环节", f"there is no stage keyed {key}")
