"""Resolving a template for one release: the stages that apply, in order, and who acts at each, as data.

A route is a pure function of (template, facts, matrix). When a release's facts change (e.g. the
office raises its sensitivity), resolve again: the template version the release is pinned to stays.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from fabu.errors import FabuError
from fabu.workflow.definition._actors import ActorSpec, ApproverLevel
from fabu.workflow.definition._explain import Explanation, explain
from fabu.workflow.definition._facts import ReleaseFacts
from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._matrix import AuthorityMatrix
from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._template import (
    NEXT,
    ApprovalStage,
    CountersignStage,
    Deadline,
    DraftStage,
    ProofreadStage,
    ReviewStage,
    Stage,
    WorkflowTemplate,
)


class RouteError(FabuError):
    """A route cannot be resolved: the approval stage needs a matrix, the wrong matrix was given, or it has a gap."""


class ActingMode(StrEnum):
    """How the actors of a route stage decide."""

    SUBMIT = "submit"  # draft: any one of the actors submits
    ANY_ONE = "any_one"  # review: any one member of the actor groups decides
    COUNTERSIGN = "countersign"  # one opinion per co-department, consolidated by the lead, arbitrated on disagreement
    EACH_IN_ORDER = "each_in_order"  # approval: each approving level in turn must approve
    PROOFREAD = "proofread"  # proofread: any one of the actors (publishers) confirms, correcting typos if need be
    NONE = "none"  # terminal


class CountersignPlan(BaseModel):
    """Who countersigns a release.

    Attributes:
        participants: the actor spec to resolve in each of ``departments``.
        departments: the co-departments (codes), one opinion from each.
        consolidator: consolidates the opinions and decides the stage.
        arbiter: rules, bindingly, on disagreement the lead department cannot resolve.
        departments_to_be_named: there are no co-departments yet (the stage applies for another
            reason, e.g. sensitivity): the lead department must name the countersigning departments.
    """

    model_config = ConfigDict(frozen=True)

    participants: ActorSpec
    departments: tuple[str, ...]
    consolidator: ActorSpec
    arbiter: ActorSpec
    departments_to_be_named: bool


class ApprovalPlan(BaseModel):
    """Who approves a release, in order, and why (``steps[i]`` is ``approvers[i].actor``)."""

    model_config = ConfigDict(frozen=True)

    approvers: tuple[ApproverLevel, ...]
    steps: tuple[ActorSpec, ...]
    explanation: Explanation


class RouteStage(BaseModel):
    """One stage the release passes through.

    Attributes:
        key, kind, name, name_en: from the template; ``position`` is its index in ``template.stages``.
        mode: how ``actors`` decide (see ``ActingMode``).
        actors: draft/review: alternative groups; countersign: ``(participants,)``; approval:
            ``(ActorSpec(kind=matrix_approvers, approvers=...),)``; terminal: ``()``.
        approve_to: the stage approval (or submission) leads to; ``None`` at a terminal.
        return_to: the stages the release may be returned to, all in this route.
        reject_to: the rejected stage's key when rejecting is allowed here.
        applies_zh / applies_en: why the stage applies.
        proofread_limit: at a proofread stage, how many characters a correction may change.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    kind: StageKind
    name: str
    name_en: str
    position: int
    mode: ActingMode
    actors: tuple[ActorSpec, ...]
    countersign: CountersignPlan | None = None
    approval: ApprovalPlan | None = None
    approve_to: str | None
    return_to: tuple[str, ...]
    reject_to: str | None
    deadline: Deadline | None
    gated_by_checks: bool
    applies_zh: str
    applies_en: str
    proofread_limit: int | None = None


class SkippedStage(BaseModel):
    """A stage of the template that does not apply to this release, and why."""

    model_config = ConfigDict(frozen=True)

    key: str
    kind: StageKind
    name: str
    name_en: str
    position: int
    reason_zh: str
    reason_en: str


class Route(BaseModel):
    """The resolved route of one release through a template.

    Attributes:
        stages: the stages that apply, in order, from the draft stage to the ready stage.
        rejected: the terminal rejected stage, if the template has one.
        skipped: the stages that do not apply, and why.
        edit_return_to: where an edit after approval sends the release (an applicable stage).
        withdraw_at / withdraw_to: where the drafter may withdraw from, and to where.
    """

    model_config = ConfigDict(frozen=True)

    template_key: str
    template_version: int
    matrix_key: str | None
    matrix_version: int | None
    facts: ReleaseFacts
    stages: tuple[RouteStage, ...]
    rejected: RouteStage | None
    skipped: tuple[SkippedStage, ...]
    edit_return_to: str
    withdraw_at: tuple[str, ...]
    withdraw_to: str | None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages)

    @property
    def first(self) -> RouteStage:
        return self.stages[0]

    def stage(self, key: str) -> RouteStage:
        """The route stage keyed ``key`` (also the rejected stage); ``KeyError`` if it does not apply."""
        candidates = (*self.stages, self.rejected) if self.rejected is not None else self.stages
        for candidate in candidates:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    @property
    def approvers(self) -> tuple[ApproverLevel, ...]:
        """Every approving level of the route's approval stages, in order."""
        return tuple(level for stage in self.stages if stage.approval for level in stage.approval.approvers)


def resolve_route(template: WorkflowTemplate, facts: ReleaseFacts, matrix: AuthorityMatrix | None = None) -> Route:
    """The route of a release with ``facts`` through ``template``.

    Raises:
        RouteError: an approval stage applies but ``matrix`` is missing (``MATRIX_REQUIRED``), is not
            the one the template names (``MATRIX_MISMATCH``), or has no rule for these facts
            (``NO_MATRIX_RULE``, with the explanation in the message).
    """
    applies: dict[int, tuple[str, str]] = {}
    skipped: list[SkippedStage] = []
    for position, stage in enumerate(template.stages):
        when = getattr(stage, "when", None)
        if stage.kind is StageKind.REJECTED:
            continue
        if when is None:
            applies[position] = ("始终适用", "always applies")
        elif when.holds(facts):
            zh, en = when.describe()
            applies[position] = (f"适用：{zh}", f"applies because {en}")
        else:
            zh, en = when.describe()
            skipped.append(
                SkippedStage(
                    key=stage.key,
                    kind=stage.kind,
                    name=stage.name,
                    name_en=stage.name_en,
                    position=position,
                    reason_zh=f"不适用：不满足“{zh}”",
                    reason_en=f"does not apply: it needs {en}",
                )
            )
    resolver = _Resolver(template, facts, matrix, applies)
    stages = tuple(resolver.route_stage(position) for position in sorted(applies))
    rejected_stage = template.rejected_stage
    rejected = resolver.route_stage(template.position(rejected_stage.key)) if rejected_stage else None
    approval = next((stage.approval for stage in stages if stage.approval), None)
    withdrawal = template.withdrawal
    return Route(
        template_key=template.key,
        template_version=template.version,
        matrix_key=matrix.key if matrix is not None and approval is not None else None,
        matrix_version=matrix.version if matrix is not None and approval is not None else None,
        facts=facts,
        stages=stages,
        rejected=rejected,
        skipped=tuple(skipped),
        edit_return_to=resolver.at_or_before(template.edit_after_approval.return_to),
        withdraw_at=tuple(key for key in withdrawal.allowed_at if template.position(key) in applies)
        if withdrawal
        else (),
        withdraw_to=resolver.at_or_before(withdrawal.return_to) if withdrawal else None,
    )


class _Resolver:
    def __init__(
        self,
        template: WorkflowTemplate,
        facts: ReleaseFacts,
        matrix: AuthorityMatrix | None,
        applies: dict[int, tuple[str, str]],
    ) -> None:
        self.template, self.facts, self.matrix, self.applies = template, facts, matrix, applies

    def at_or_before(self, key: str) -> str:
        """The stage keyed ``key`` if it applies, else the nearest applicable stage before it (more review, not less)."""
        position = self.template.position(key)
        while position not in self.applies:
            position -= 1
        return self.template.stages[position].key

    def at_or_after(self, position: int) -> str | None:
        while position < len(self.template.stages) and position not in self.applies:
            position += 1
        return self.template.stages[position].key if position < len(self.template.stages) else None

    def route_stage(self, position: int) -> RouteStage:
        stage = self.template.stages[position]
        applies_zh, applies_en = self.applies.get(position, ("终止环节", "terminal"))
        approve_to, return_to, reject_to = self._outcomes(position, stage)
        mode, actors, countersign, approval = self._actors(stage)
        return RouteStage(
            key=stage.key,
            kind=stage.kind,
            name=stage.name,
            name_en=stage.name_en,
            position=position,
            mode=mode,
            actors=actors,
            countersign=countersign,
            approval=approval,
            approve_to=approve_to,
            return_to=return_to,
            reject_to=reject_to,
            deadline=getattr(stage, "deadline", None),
            gated_by_checks=getattr(stage, "gated_by_checks", False),
            applies_zh=applies_zh,
            applies_en=applies_en,
            proofread_limit=stage.max_changed_characters if isinstance(stage, ProofreadStage) else None,
        )

    def _outcomes(self, position: int, stage: Stage) -> tuple[str | None, tuple[str, ...], str | None]:
        if isinstance(stage, DraftStage):
            return self.at_or_after(position + 1), (), None
        if not isinstance(stage, ReviewStage | CountersignStage | ApprovalStage | ProofreadStage):
            return None, (), None
        outcomes = stage.outcomes
        target = position + 1 if outcomes.approve == NEXT else self.template.position(outcomes.approve)
        returns = tuple(dict.fromkeys(self.at_or_before(key) for key in outcomes.return_to))
        rejected = self.template.rejected_stage
        return self.at_or_after(target), returns, rejected.key if outcomes.reject and rejected else None

    def _actors(
        self, stage: Stage
    ) -> tuple[ActingMode, tuple[ActorSpec, ...], CountersignPlan | None, ApprovalPlan | None]:
        if isinstance(stage, DraftStage):
            return ActingMode.SUBMIT, stage.actors, None, None
        if isinstance(stage, ReviewStage):
            return ActingMode.ANY_ONE, stage.actors, None, None
        if isinstance(stage, ProofreadStage):
            return ActingMode.PROOFREAD, stage.actors, None, None
        if isinstance(stage, CountersignStage):
            plan = CountersignPlan(
                participants=stage.participants,
                departments=self.facts.co_departments,
                consolidator=stage.consolidator,
                arbiter=stage.arbiter,
                departments_to_be_named=not self.facts.co_departments,
            )
            return ActingMode.COUNTERSIGN, (stage.participants,), plan, None
        if isinstance(stage, ApprovalStage):
            explanation = self._explain()
            plan_ = ApprovalPlan(
                approvers=explanation.approvers,
                steps=tuple(level.actor for level in explanation.approvers),
                explanation=explanation,
            )
            return ActingMode.EACH_IN_ORDER, (ActorSpec.matrix_approvers(explanation.approvers),), None, plan_
        return ActingMode.NONE, (), None, None

    def _explain(self) -> Explanation:
        wanted = self.template.authority_matrix
        if self.matrix is None:
            raise RouteError(
                ProblemCode.MATRIX_REQUIRED,
                f"审定环节需要审定权限矩阵 {wanted}",
                f"the approval stage needs the authority matrix {wanted}",
                field="matrix",
            )
        if self.matrix.key != wanted:
            raise RouteError(
                ProblemCode.MATRIX_MISMATCH,
                f"模板使用审定权限矩阵 {wanted}，而给出的是 {self.matrix.key}",
                f"the template uses the authority matrix {wanted}, not {self.matrix.key}",
                field="matrix",
            )
        explanation = explain(self.matrix, self.facts)
        if explanation.matched is None:
            raise RouteError(ProblemCode.NO_MATRIX_RULE, explanation.summary_zh, explanation.summary_en, field="matrix")
        return explanation
