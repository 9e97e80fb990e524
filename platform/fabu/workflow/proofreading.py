"""Proofreading before publishing (发布前再次校对): a publisher's correction of typos.

At a ``proofread`` stage, one of its actors (the unit's publishers) may correct the approved text
before confirming it with the ``confirm`` decision. A correction is saved as a new version of kind
``proofread``; it keeps the approvals (the workflow hook skips voiding for it), is bounded by
``fabu.workflow.proofread_scope`` (all corrections of the approved version together) and is recorded as a ``proofread_corrected`` event naming the two
versions, so the diff sits next to the approvals. Anything else refused leaves nothing written:
the save runs in the caller's transaction and the scope is checked before this returns.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.releases import VersionKind, current_fields, lock_release, save_new_version
from fabu.releases.content import ChannelVariant, ReleaseContent
from fabu.releases.validation import clean_text
from fabu.releases.versions import SavedVersion
from fabu.storage import TenantObjects
from fabu.workflow.actors import acting_capacity
from fabu.workflow.definition import Route, StageKind
from fabu.workflow.errors import WorkflowErrorCode
from fabu.workflow.proofread_chain import approved_version
from fabu.workflow.proofread_scope import ensure_within_scope, measure

CORRECTED_EVENT = "proofread_corrected"
MAX_NOTE = 2000
"""The longest correction note, in characters."""


@dataclass(frozen=True)
class Correction:
    """The text a proofreader changes; ``None`` leaves a field as it is."""

    title: str | None = None
    summary: str | None = None
    body_html: str | None = None
    variants: tuple[ChannelVariant, ...] | None = None
    note: str = ""


def _refused(zh: str, en: str, code: WorkflowErrorCode = WorkflowErrorCode.ILLEGAL_TRANSITION) -> FabuError:
    return FabuError(code, zh, en, field="releaseId")


async def _proofread_stage(release_id: UUID) -> tuple[dict[str, Any], int]:
    """The locked instance at a proofread stage, and the stage's bound; refuse any other place."""
    instance = await DB.fetchrow("select * from workflow_instances where release_id = $1 for update", release_id)
    if instance is None or instance["status"] != "in_progress":
        raise _refused("稿件不在发布前校对环节，不能作校对更正", "the release is not at the proofread stage")
    data = instance["route"]
    stage = Route.model_validate(json.loads(data) if isinstance(data, str) else data).stage(instance["stage_key"])
    if stage.kind is not StageKind.PROOFREAD or stage.proofread_limit is None:
        raise _refused("稿件不在发布前校对环节，不能作校对更正", "the release is not at the proofread stage")
    return instance, stage.proofread_limit


async def _ensure_proofreader(instance: dict[str, Any], person_id: UUID) -> None:
    tasks = await DB.fetch(
        """select * from workflow_tasks where release_id = $1 and stage_key = $2 and round = $3 and kind = 'proofread'
           and status = 'open'""",
        instance["release_id"], instance["stage_key"], instance["round"],
    )  # fmt: skip
    for task in tasks:
        try:
            await acting_capacity(task, person_id)
            return
        except FabuError:
            continue
    raise _refused("只有本环节的发布人员可以校对更正", "only the publishers of this stage may correct it", WorkflowErrorCode.NOT_AN_ACTOR)


async def _content(release_id: UUID, number: int) -> ReleaseContent:
    row = await DB.fetchrow("select content from release_versions where release_id = $1 and number = $2", release_id, number)
    assert row is not None
    content = row["content"]
    return ReleaseContent.from_document(json.loads(content) if isinstance(content, str) else content)


async def correct(
    tenant_id: UUID, person_id: UUID, release_id: UUID, correction: Correction, expected_lock_version: int, objects: TenantObjects
) -> SavedVersion:
    """Save a proofreader's correction as a new version that keeps the approvals; returns the version.

    Raises ``ILLEGAL_TRANSITION`` off the proofread stage, ``NOT_AN_ACTOR`` for anyone but its
    actors, ``PROOFREAD_OUT_OF_SCOPE`` for a change past the bound or of a field that is not text,
    and the release's own validation errors; the caller's transaction is then to be rolled back.
    """
    await lock_release(release_id, "releaseId")  # another unit's release is not found, as everywhere
    note = clean_text(correction.note, "note", "更正说明", "the correction note", MAX_NOTE, one_line=False)
    instance, limit = await _proofread_stage(release_id)
    await _ensure_proofreader(instance, person_id)
    current = await current_fields(release_id)
    changed: dict[str, Any] = {
        name: value
        for name, value in (
            ("title", correction.title), ("summary", correction.summary), ("body_html", correction.body_html),
            ("variants", correction.variants),
        )
        if value is not None
    }  # fmt: skip
    saved = await save_new_version(
        release_id, person_id, dataclasses.replace(current, **changed), expected_lock_version=expected_lock_version,
        objects=objects, allowed_states={"in_review"}, kind=VersionKind.PROOFREAD,
    )  # fmt: skip
    if not saved.created:
        return saved
    corrected = await _content(release_id, saved.number)
    # The bound holds for every correction of the approved version together, not for each one alone.
    approved = await approved_version(release_id, saved.number)
    total = ensure_within_scope(await _content(release_id, approved), corrected, limit)
    change = measure(await _content(release_id, saved.number - 1), corrected)
    await DB.fetch(
        """insert into workflow_events (tenant_id, release_id, kind, from_stage, to_stage, actor_person_id, detail)
           values ($1, $2, $3, $4, $4, $5, $6::jsonb)""",
        tenant_id, release_id, CORRECTED_EVENT, instance["stage_key"], person_id,
        json.dumps(
            {
                "from_version": saved.number - 1, "to_version": saved.number, "changed_characters": change.characters,
                "fields": list(change.fields), "limit": limit, "note": note,
                "approved_version": approved, "changed_since_approved": total.characters,
            },
            ensure_ascii=False,
        ),
    )  # fmt: skip
    return saved
