"""The workflow template document: its stages, who acts, outcomes, deadlines, and the paths back.

Every ``WorkflowTemplate`` that exists has passed both the structural checks of these models and
the semantic pass of ``_template_checks`` (run by the model's own validator), so code that holds
one may rely on it: references resolve, returns go to earlier stages, ``ready`` is reachable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

from fabu.workflow.definition._actors import ActorSpec
from fabu.workflow.definition._conditions import Condition
from fabu.workflow.definition._durations import Duration
from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._pydantic_errors import problems_error

KEY_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
Key = Annotated[StrictStr, Field(pattern=KEY_PATTERN)]
"""Identifiers of documents, stages and rules: a lowercase letter, then lowercase letters, digits, ``_`` or ``-``."""

NEXT = "next"
"""The ``approve`` target meaning "the next stage that applies"; no stage may be keyed ``next``."""

Name = Annotated[StrictStr, Field(min_length=1, max_length=100)]
Text = Annotated[StrictStr, Field(max_length=2000)]

_MODEL = ConfigDict(frozen=True, extra="forbid")


class OverdueAction(StrEnum):
    """What happens when a stage's deadline passes."""

    REMIND = "remind"
    ESCALATE = "escalate"


class Deadline(BaseModel):
    """How long a stage may take, and what happens as the time runs out.

    Attributes:
        within: the time allowed from entering the stage.
        remind_before: remind the stage's actors this long before the deadline (optional).
        overdue: ``remind`` the actors again, or ``escalate`` to ``escalate_to`` as well.
        escalate_to: who is told and may act when the stage is overdue (required to escalate).
    """

    model_config = _MODEL

    within: Duration
    remind_before: Duration | None = None
    overdue: OverdueAction = OverdueAction.REMIND
    escalate_to: ActorSpec | None = None


class Outcomes(BaseModel):
    """What the deciders at a stage may do.

    Attributes:
        approve: ``next`` (the next stage that applies) or the key of a later stage.
        return_to: earlier stages the release may be sent back to, named.
        reject: whether the release may be rejected here (needs a ``rejected`` stage).
    """

    model_config = _MODEL

    approve: Key = NEXT
    return_to: tuple[Key, ...] = ()
    reject: StrictBool = False


class _Stage(BaseModel):
    model_config = _MODEL

    key: Key
    name: Name
    name_en: Name
    description: Text = ""


class _WorkingStage(_Stage):
    when: Condition | None = None
    outcomes: Outcomes = Outcomes()
    deadline: Deadline | None = None
    gated_by_checks: StrictBool = False


class DraftStage(_Stage):
    """Drafting (起草): any of ``actors`` writes the release and submits it to the next stage."""

    kind: Literal[StageKind.DRAFT]
    actors: tuple[ActorSpec, ...] = Field(min_length=1)
    deadline: Deadline | None = None


class ReviewStage(_WorkingStage):
    """A review (审核): one actor group; any one member decides for the stage."""

    kind: Literal[StageKind.REVIEW]
    actors: tuple[ActorSpec, ...] = Field(min_length=1)


class CountersignStage(_WorkingStage):
    """Countersign (会签): every co-department gives an opinion in parallel.

    Attributes:
        participants: who gives a co-department's opinion (a ``role_in_department`` of ``co``).
        consolidator: who consolidates the opinions for the lead department and decides the stage.
        arbiter: who rules, bindingly, when the departments disagree and the lead cannot resolve it.
    """

    kind: Literal[StageKind.COUNTERSIGN]
    participants: ActorSpec
    consolidator: ActorSpec
    arbiter: ActorSpec


class ApprovalStage(_WorkingStage):
    """Leadership approval (审定): the approvers the authority matrix requires, in order, each must approve."""

    kind: Literal[StageKind.APPROVAL]


DEFAULT_PROOFREAD_LIMIT = 30
"""Characters a proofreading correction may change at most, unless the stage says otherwise."""


class ProofreadStage(_WorkingStage):
    """Proofread before publishing (发布前再次校对): any one of ``actors`` (the publishers) confirms.

    Before confirming, they may correct typos: the text of the title, summary, body and channel
    variants, changing at most ``max_changed_characters`` characters in all (counted as deleted
    plus inserted characters). Such a correction is a new version that keeps the approvals and
    is recorded as a diff next to them; anything larger, or touching any other field, must go
    back (``outcomes.return_to``).
    """

    kind: Literal[StageKind.PROOFREAD]
    actors: tuple[ActorSpec, ...] = Field(min_length=1)
    max_changed_characters: StrictInt = Field(default=DEFAULT_PROOFREAD_LIMIT, ge=1, le=500)


class ReadyStage(_Stage):
    """Terminal: approved and ready to publish (待发布)."""

    kind: Literal[StageKind.READY]


class RejectedStage(_Stage):
    """Terminal: not to be published (不予发布)."""

    kind: Literal[StageKind.REJECTED]


Stage = Annotated[
    DraftStage | ReviewStage | CountersignStage | ApprovalStage | ProofreadStage | ReadyStage | RejectedStage,
    Field(discriminator="kind"),
]
WorkingStage = ReviewStage | CountersignStage | ApprovalStage | ProofreadStage
"""The stages that decide (and so have ``when``, ``outcomes``, ``deadline``, ``gated_by_checks``)."""


class EditAfterApproval(BaseModel):
    """Where an edit to the content sends a release once any approval has been given on it."""

    model_config = _MODEL

    return_to: Key


class Withdrawal(BaseModel):
    """Whether the drafter may withdraw (撤回) a submitted release, from which stages, and to where."""

    model_config = _MODEL

    allowed_at: tuple[Key, ...] = Field(min_length=1)
    return_to: Key


class WorkflowTemplate(BaseModel):
    """A versioned workflow template (工作流模板).

    Attributes:
        key: the template's identifier, e.g. ``standard``.
        version: a release is pinned to the version it started under.
        name / name_en: shown to users, Chinese first.
        authority_matrix: the key of the authority matrix its ``approval`` stages use.
        stages: in order; the first is ``draft``, terminals (``ready``, ``rejected``) come last.
        edit_after_approval: where an edit after approval sends the release back to.
        withdrawal: where the drafter may withdraw from, and to where (``None``: no withdrawal).
    """

    model_config = _MODEL

    key: Key
    version: StrictInt = Field(ge=1)
    name: Name
    name_en: Name
    description: Text = ""
    authority_matrix: Key | None = None
    stages: tuple[Stage, ...] = Field(min_length=1)
    edit_after_approval: EditAfterApproval
    withdrawal: Withdrawal | None = None

    @model_validator(mode="after")
    def _semantics(self) -> WorkflowTemplate:
        from fabu.workflow.definition._template_checks import check_template  # the checks read this model

        problems = [found for found in check_template(self) if found.is_error]
        if problems:
            raise problems_error(problems)
        return self

    def stage(self, key: str) -> Stage:
        """The stage keyed ``key``; ``KeyError`` if there is none."""
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    def position(self, key: str) -> int:
        """The index of the stage keyed ``key`` in ``stages``."""
        for index, stage in enumerate(self.stages):
            if stage.key == key:
                return index
        raise KeyError(key)

    def stages_of(self, kind: StageKind) -> tuple[Stage, ...]:
        return tuple(stage for stage in self.stages if stage.kind is kind)

    @property
    def ready_stage(self) -> ReadyStage:
        return next(stage for stage in self.stages if isinstance(stage, ReadyStage))

    @property
    def rejected_stage(self) -> RejectedStage | None:
        return next((stage for stage in self.stages if isinstance(stage, RejectedStage)), None)
