"""Workflow transitions: submit, decide, withdraw, and the return after a content change.

Every transition locks the release's row and then its instance row (``FOR UPDATE``, in that order,
as saving a version does) so two people acting on the same stage at once produce exactly one
transition; the loser finds the task closed and gets ``ALREADY_DECIDED``. Each transition writes its tasks, opinion, event and notifications in the
caller's transaction; the GraphQL mutation adds the audit entry to the same transaction.
Whether a person may take a decision is ``fabu.workflow.decision_rules``; the tasks a stage
opens and closes are ``fabu.workflow.stage_tasks``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.publishing.outbox import schedule_release
from fabu.storage import TenantObjects
from fabu.workflow import channel_gate, decision_rules, documents, gates, stage_tasks
from fabu.workflow.actors import acting_capacity, assignees
from fabu.workflow.decisions import Decision, TaskKind
from fabu.workflow.definition import Route, RouteStage, StageKind, resolve_route
from fabu.workflow.errors import WorkflowErrorCode
from fabu.workflow.notify import notify
from fabu.workflow.release_view import ReleaseView, load_release


@dataclass(frozen=True)
class Transition:
    """The outcome of an action: where the release is now."""

    release_id: UUID
    stage_key: str
    status: str
    lock_version: int


def _error(code: WorkflowErrorCode, zh: str, en: str, field: str | None = "releaseId") -> FabuError:
    return FabuError(code, zh, en, field=field)


def _route(instance: dict[str, Any]) -> Route:
    data = instance["route"]
    return Route.model_validate(json.loads(data) if isinstance(data, str) else data)


async def _instance(release_id: UUID) -> dict[str, Any] | None:
    return await DB.fetchrow("select * from workflow_instances where release_id = $1 for update", release_id)


async def _event(tenant_id: UUID, release_id: UUID, kind: str, actor: UUID | None, from_stage: str | None, to_stage: str | None, **detail: Any) -> None:
    await DB.fetch(
        """insert into workflow_events (tenant_id, release_id, kind, from_stage, to_stage, actor_person_id, detail)
           values ($1, $2, $3, $4, $5, $6, $7::jsonb)""",
        tenant_id, release_id, kind, from_stage, to_stage, actor, json.dumps(detail, ensure_ascii=False, default=str),
    )


def _check_opinion(opinion: str) -> str:
    opinion = opinion.strip()
    if not opinion:
        raise _error(WorkflowErrorCode.OPINION_REQUIRED, "请填写明确的意见", "an explicit opinion is required", field="opinion")
    if len(opinion) > 5000:
        raise _error(WorkflowErrorCode.OPINION_REQUIRED, "意见不能超过 5000 字", "the opinion must be at most 5,000 characters", field="opinion")
    return opinion


async def submit(tenant_id: UUID, person_id: UUID, release_id: UUID, objects: TenantObjects, note: str = "") -> Transition:
    """Send a draft (or a returned release) into the workflow, pinned to the active template and matrix."""
    release = await load_release(release_id, for_update=True)
    instance = await _instance(release_id)
    if instance is None:
        template_row, matrix_row = await documents.active_template_and_matrix()
        route = resolve_route(documents.template_of(template_row), release.facts, documents.matrix_of(matrix_row))
        drafting = route.first
        await _check_drafter(release, person_id, drafting)
        await DB.fetch(
            """insert into workflow_instances (release_id, tenant_id, template_id, matrix_id, route, stage_key, status)
               values ($1, $2, $3, $4, $5::jsonb, $6, 'in_progress')""",
            release_id, tenant_id, template_row["id"], matrix_row["id"], route.model_dump_json(), drafting.key,
        )
        instance = await _instance(release_id)
        assert instance is not None
    elif instance["status"] != "returned":
        raise _error(WorkflowErrorCode.ILLEGAL_TRANSITION, "该稿件已在审核流程中", "the release is already in the workflow")
    else:
        route = await _reroute(instance, release)
        await _check_drafter(release, person_id, route.first)
        await stage_tasks.close_tasks(release_id, kinds=(TaskKind.SUBMIT,), status="done")
    drafting = route.first
    assert drafting.approve_to is not None
    # Pre-publication checks: a fatal finding never enters a gated stage (fabu.workflow.gates).
    first = route.stage(drafting.approve_to)
    if first.gated_by_checks:
        await gates.refuse_fatal(tenant_id, release, objects, first.name, first.name_en)
    # What a target channel refuses is fixed before anyone reviews it (fabu.workflow.channel_gate).
    await channel_gate.require_publishable(tenant_id, release.id, first.name, first.name_en)
    await _event(tenant_id, release_id, "submitted", person_id, drafting.key, drafting.approve_to, note=note.strip())
    return await _enter(tenant_id, release, instance, route, drafting.approve_to, person_id, from_stage=drafting.key)


async def _reroute(instance: dict[str, Any], release: ReleaseView) -> Route:
    """Resubmitting may change the facts (more co-departments, now sensitive): resolve the route again,
    on the template and matrix versions the release is pinned to."""
    template_row = await documents.document_by_id(instance["template_id"])
    matrix_row = await documents.document_by_id(instance["matrix_id"])
    assert template_row is not None
    assert matrix_row is not None
    route = resolve_route(documents.template_of(template_row), release.facts, documents.matrix_of(matrix_row))
    await DB.fetch("update workflow_instances set route = $2::jsonb where release_id = $1", release.id, route.model_dump_json())
    return route


async def _check_drafter(release: ReleaseView, person_id: UUID, drafting: RouteStage) -> None:
    for spec in drafting.actors:
        for assignee in await assignees(spec, release.placement):
            task = {"assignee_person_id": assignee.person_id, "assignee_role": assignee.role, "assignee_department_id": assignee.department_id}
            try:
                await acting_capacity(task, person_id)
                return
            except FabuError:
                continue
    raise _error(WorkflowErrorCode.NOT_AN_ACTOR, "只有主办部门的采编人员可以提交", "only the lead department's drafters may submit")


async def _enter(
    tenant_id: UUID, release: ReleaseView, instance: dict[str, Any], route: Route, stage_key: str, actor: UUID | None, *, from_stage: str
) -> Transition:
    """Move the release into ``stage_key`` and open the work that stage needs."""
    stage = route.stage(stage_key)
    if stage.kind in (StageKind.PROOFREAD, StageKind.READY):
        # Never schedule, nor hand to the proofreader, what a target channel would refuse.
        await channel_gate.require_publishable(tenant_id, release.id, stage.name, stage.name_en)
    status = {StageKind.READY: "ready", StageKind.REJECTED: "rejected", StageKind.DRAFT: "returned"}.get(stage.kind, "in_progress")
    row = await DB.fetchrow(
        """update workflow_instances set stage_key = $2, status = $3, lock_version = lock_version + 1, updated_at = now()
           where release_id = $1 returning lock_version""",
        release.id, stage_key, status,
    )
    assert row is not None
    workflow_state = {"in_progress": "in_review"}.get(status, status)
    await DB.fetch("update releases set workflow_state = $2 where id = $1", release.id, workflow_state)
    await _event(tenant_id, release.id, "entered", actor, from_stage, stage_key, stage_name=stage.name)
    await stage_tasks.open_stage_tasks(tenant_id, release, instance["round"], stage)
    if stage.kind is StageKind.READY:
        # Decision 4: the publication outbox rows are written in this same transaction.
        await schedule_release(tenant_id, release.id)
    if stage.kind.terminal:
        await notify(
            tenant_id, release.authors, release.id, f"release_{status}",
            f"《{release.title}》{stage.name}", f"“{release.title}”: {stage.name_en}",
        )
    return Transition(release.id, stage_key, status, row["lock_version"])


@dataclass(frozen=True)
class DecisionInput:
    release_id: UUID
    decision: Decision
    opinion: str
    task_id: UUID | None = None
    stage_key: str | None = None
    return_to: str | None = None
    expected_lock_version: int | None = None
    overrides: tuple[gates.CheckOverride, ...] = ()


async def decide(tenant_id: UUID, person_id: UUID, action: DecisionInput, objects: TenantObjects) -> Transition:
    """Record a decision with its opinion on the current stage and move the release on."""
    opinion = _check_opinion(action.opinion)
    # The release row first, then its instance, as saving a version does: the opposite order lets a
    # decision and a proofreading correction (or an edit) deadlock on each other.
    release = await load_release(action.release_id, for_update=True)
    instance = await _instance(action.release_id)
    if instance is None or instance["status"] != "in_progress":
        raise _error(WorkflowErrorCode.ILLEGAL_TRANSITION, "该稿件当前不在审核环节", "the release is not awaiting a decision")
    if action.expected_lock_version is not None and action.expected_lock_version != instance["lock_version"]:
        raise _error(
            WorkflowErrorCode.STALE, "稿件状态已变化，请刷新后再办理", "the release has moved on; reload and try again",
            field="expectedLockVersion",
        )
    route = _route(instance)
    stage = route.stage(instance["stage_key"])
    task, on_behalf_of = await _pick_task(action, instance, person_id)
    kind = TaskKind(task["kind"])
    await decision_rules.check(action.decision, action.return_to, stage, kind, release, instance, person_id, on_behalf_of)

    # Pre-publication checks gate an approval at or into a gated stage; the decider's overrides of
    # blocking findings are recorded in the opinion (fabu.workflow.gates). Nothing is written before.
    overrides: list[dict[str, Any]] = []
    next_stage = route.stage(stage.approve_to) if stage.approve_to is not None else None
    if action.decision in (Decision.APPROVE, Decision.CONFIRM) and (stage.gated_by_checks or (next_stage is not None and next_stage.gated_by_checks)):
        overrides = await gates.require_passed(
            tenant_id, release, objects, person_id, action.overrides, stage.name, stage.name_en
        )
    await DB.fetch("update workflow_tasks set status = 'done', completed_at = now() where id = $1", task["id"])
    await DB.fetch(
        """insert into opinions (tenant_id, release_id, task_id, stage_key, round, decision, opinion, decided_by_person_id,
               on_behalf_of_person_id, version_number, version_sha256, overrides)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)""",
        tenant_id, release.id, task["id"], stage.key, instance["round"], action.decision.value, opinion, person_id,
        on_behalf_of, release.version_number, release.version_sha256, json.dumps(overrides, ensure_ascii=False),
    )
    await _event(tenant_id, release.id, "decided", person_id, stage.key, stage.key, decision=action.decision.value, task=str(task["id"]))
    return await _after_decision(tenant_id, release, instance, route, stage, kind, action, person_id)


async def _pick_task(action: DecisionInput, instance: dict[str, Any], person_id: UUID) -> tuple[dict[str, Any], UUID | None]:
    """The open task of the current stage the person may act on (the one named, if any)."""
    already = _error(WorkflowErrorCode.ALREADY_DECIDED, "此环节已由他人办理", "someone else has already decided this", field="taskId")
    if action.stage_key is not None and action.stage_key != instance["stage_key"]:
        raise already
    if action.task_id is not None:
        task = await DB.fetchrow("select * from workflow_tasks where id = $1 and release_id = $2", action.task_id, action.release_id)
        if task is None:
            raise _error(WorkflowErrorCode.NOT_AN_ACTOR, "待办不存在", "no such task", field="taskId")
        if task["status"] != "open" or task["stage_key"] != instance["stage_key"] or task["round"] != instance["round"]:
            raise already
        tasks = [task]
    else:
        tasks = await DB.fetch(
            """select * from workflow_tasks where release_id = $1 and stage_key = $2 and round = $3 and status = 'open'
               order by position, created_at""",
            action.release_id, instance["stage_key"], instance["round"],
        )
    for task in tasks:
        try:
            return task, await acting_capacity(task, person_id)
        except FabuError:
            continue
    raise _error(WorkflowErrorCode.NOT_AN_ACTOR, "您不是当前环节的办理人", "you are not among those who act at this stage")


async def _after_decision(
    tenant_id: UUID, release: ReleaseView, instance: dict[str, Any], route: Route, stage: RouteStage,
    kind: TaskKind, action: DecisionInput, person_id: UUID,
) -> Transition:
    decision = action.decision
    if decision is Decision.RETURN:
        assert action.return_to is not None
        return await _send_back(tenant_id, release, instance, route, stage.key, action.return_to, person_id, "returned")
    if decision is Decision.REJECT:
        await stage_tasks.close_tasks(release.id)
        assert stage.reject_to is not None
        return await _enter(tenant_id, release, instance, route, stage.reject_to, person_id, from_stage=stage.key)
    if kind is TaskKind.OPINION:
        return await _after_countersign_opinion(tenant_id, release, instance, route, stage)
    if decision is Decision.ESCALATE:
        await stage_tasks.close_tasks(release.id, stage_key=stage.key)
        assert stage.countersign is not None
        for assignee in await assignees(stage.countersign.arbiter, release.placement):
            await stage_tasks.create_task(tenant_id, release, instance["round"], stage, TaskKind.RULING, assignee, None)
        await _event(tenant_id, release.id, "escalated", person_id, stage.key, stage.key)
        return await _bump(release.id, stage.key, "in_progress")
    if kind is TaskKind.APPROVAL:
        waiting = await DB.fetchrow(
            """select * from workflow_tasks where release_id = $1 and stage_key = $2 and round = $3 and status = 'waiting'
               order by position limit 1""",
            release.id, stage.key, instance["round"],
        )
        if waiting is not None:
            await stage_tasks.open_waiting(tenant_id, release, stage, waiting["position"], instance["round"])
            return await _bump(release.id, stage.key, "in_progress")
    # Approval by review, consolidation, binding ruling, or the last approver: the stage is done.
    await stage_tasks.close_tasks(release.id, stage_key=stage.key)
    assert stage.approve_to is not None
    return await _enter(tenant_id, release, instance, route, stage.approve_to, person_id, from_stage=stage.key)


async def _after_countersign_opinion(
    tenant_id: UUID, release: ReleaseView, instance: dict[str, Any], route: Route, stage: RouteStage
) -> Transition:
    pending = await DB.fetchrow(
        "select 1 from workflow_tasks where release_id = $1 and stage_key = $2 and round = $3 and kind = 'opinion' and status = 'open' limit 1",
        release.id, stage.key, instance["round"],
    )
    if pending is None:
        assert stage.countersign is not None
        for assignee in await assignees(stage.countersign.consolidator, release.placement):
            await stage_tasks.create_task(tenant_id, release, instance["round"], stage, TaskKind.CONSOLIDATE, assignee, None)
    return await _bump(release.id, stage.key, "in_progress")


async def _bump(release_id: UUID, stage_key: str, status: str) -> Transition:
    row = await DB.fetchrow(
        "update workflow_instances set lock_version = lock_version + 1, updated_at = now() where release_id = $1 returning lock_version",
        release_id,
    )
    assert row is not None
    return Transition(release_id, stage_key, status, row["lock_version"])


async def _send_back(
    tenant_id: UUID, release: ReleaseView, instance: dict[str, Any], route: Route, from_stage: str, target: str,
    actor: UUID | None, event: str, **detail: Any,
) -> Transition:
    """Return the release to an earlier stage as a new round: open work is cancelled, the stage reopens."""
    await stage_tasks.close_tasks(release.id)
    await DB.fetch("update workflow_instances set round = round + 1 where release_id = $1", release.id)
    instance = {**instance, "round": instance["round"] + 1}
    await _event(tenant_id, release.id, event, actor, from_stage, target, **detail)
    transition = await _enter(tenant_id, release, instance, route, target, actor, from_stage=from_stage)
    await notify(
        tenant_id, release.authors, release.id, event,
        f"《{release.title}》已退回至{route.stage(target).name}", f"“{release.title}” went back to {route.stage(target).name_en}",
    )
    return transition


async def withdraw(tenant_id: UUID, person_id: UUID, release_id: UUID, reason: str) -> Transition:
    """撤回: the drafter takes a submitted release back, from the stages the template allows."""
    reason = _check_opinion(reason)
    release = await load_release(release_id, for_update=True)  # the release first, as in ``decide``
    instance = await _instance(release_id)
    if instance is None or instance["status"] != "in_progress":
        raise _error(WorkflowErrorCode.ILLEGAL_TRANSITION, "该稿件不在审核中，无需撤回", "the release is not in review")
    route = _route(instance)
    if person_id not in release.authors:
        raise _error(WorkflowErrorCode.NOT_AN_ACTOR, "只有起草人可以撤回", "only the drafter may withdraw the release")
    if instance["stage_key"] not in route.withdraw_at or route.withdraw_to is None:
        raise _error(WorkflowErrorCode.ILLEGAL_TRANSITION, "当前环节不允许撤回", "the release cannot be withdrawn at this stage")
    return await _send_back(tenant_id, release, instance, route, instance["stage_key"], route.withdraw_to, person_id, "withdrawn", reason=reason)


async def content_changed(tenant_id: UUID, release_id: UUID, version_sha256: str, editor: UUID) -> Transition | None:
    """An edit made a new version: approvals of other versions are void, and the release goes back to
    the stage the template names (when it had left drafting)."""
    voided = await DB.fetch(
        """update opinions set voided_at = now(), void_reason = $3
           where release_id = $1 and voided_at is null and version_sha256 <> $2 returning id""",
        release_id, version_sha256, "内容已修改 / the content changed",
    )
    instance = await _instance(release_id)
    if instance is None or instance["status"] not in ("in_progress", "ready"):
        return None
    release = await load_release(release_id)
    route = _route(instance)
    await _event(tenant_id, release_id, "voided", editor, instance["stage_key"], route.edit_return_to, opinions=len(voided))
    return await _send_back(tenant_id, release, instance, route, instance["stage_key"], route.edit_return_to, editor, "edited_after_review")
