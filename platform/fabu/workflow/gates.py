"""Pre-publication checks as workflow gates: what a gated stage lets through, and the overrides it records.

A stage the template marks ``gated_by_checks`` lets a release go forward only when the current
version's check report has no fatal finding and every blocking finding is overridden:

* approving at a gated stage, or approving into one, needs every blocking finding overridden,
  by the decider (a fingerprint and an explicit reason) or by an earlier opinion on the same
  version that is still valid; an edit voids those opinions and with them their overrides;
* submitting into a gated stage is refused only for fatal findings: a drafter cannot override,
  and the reviewers of that stage are the ones to judge the blocking findings;
* fatal findings (confidentiality markings) can never be overridden;
* returning, rejecting and countersign opinions are never gated.

A refusal raises ``CHECKS_BLOCKING`` naming the findings in Chinese and English; the caller
has written nothing yet, so nothing changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fabu.checking import current_report
from fabu.checks import Finding, GateDecision, Override
from fabu.db.engine import DB
from fabu.errors import FabuError
from fabu.storage import TenantObjects
from fabu.workflow.errors import WorkflowErrorCode
from fabu.workflow.proofread_chain import approved_hashes
from fabu.workflow.release_view import ReleaseView

_SHOWN = 5
"""Findings named in a refusal; the rest are counted."""


@dataclass(frozen=True)
class CheckOverride:
    """A decider's override of one blocking finding, by fingerprint, with the reason."""

    fingerprint: str
    reason: str


def _where(finding: Finding) -> str:
    return finding.attachment or {"title": "标题", "summary": "摘要", "body": "正文"}.get(finding.field, finding.field)


def _listed(findings: Sequence[Finding]) -> tuple[str, str]:
    zh = [f"{n}. {_where(f)}“{f.matched}”：{f.message_zh}（{f.fingerprint}）" for n, f in enumerate(findings[:_SHOWN], 1)]
    en = [f"{n}. {f.field} “{f.matched}”: {f.message_en} ({f.fingerprint})" for n, f in enumerate(findings[:_SHOWN], 1)]
    if len(findings) > _SHOWN:
        zh.append(f"另有 {len(findings) - _SHOWN} 项")
        en.append(f"and {len(findings) - _SHOWN} more")
    return "；".join(zh), "; ".join(en)


def _refusal(decision: GateDecision, stage_name: str, stage_name_en: str) -> FabuError:
    if decision.fatal:
        zh, en = _listed(decision.fatal)
        return FabuError(
            WorkflowErrorCode.CHECKS_BLOCKING,
            f"发布前检查发现密级标识，不得进入“{stage_name}”，且不可豁免，请删除涉密内容：{zh}",
            f"the pre-publication checks found confidentiality markings; the release cannot pass “{stage_name_en}” and "
            f"these can never be overridden — remove the classified material: {en}",
            field="overrides",
        )
    zh, en = _listed(decision.unresolved)
    unreasoned = {o.fingerprint for o in decision.rejected if not o.reason.strip()}
    hint_zh = "；豁免须填写理由" if unreasoned else ""
    hint_en = "; an override needs a reason" if unreasoned else ""
    return FabuError(
        WorkflowErrorCode.CHECKS_BLOCKING,
        f"发布前检查未通过“{stage_name}”：以下问题须修改，或由审核人逐项说明理由后豁免{hint_zh}：{zh}",
        f"the pre-publication checks stop “{stage_name_en}”: fix these, or override each with a reason{hint_en}: {en}",
        field="overrides",
    )


async def _earlier_overrides(release: ReleaseView) -> list[Override]:
    """Overrides in valid opinions on this very version (or the one a proofreading corrected): an edit voids
    them with their opinions."""
    rows = await DB.fetch(
        """select overrides, decided_by_person_id from opinions
           where release_id = $1 and version_sha256 = any($2::text[]) and voided_at is null and overrides <> '[]'::jsonb""",
        release.id, await approved_hashes(release.id, release.version_sha256),
    )  # fmt: skip
    found = []
    for row in rows:
        data = row["overrides"]
        for item in json.loads(data) if isinstance(data, str) else data:
            found.append(Override(item["fingerprint"], item["reason"], str(row["decided_by_person_id"])))
    return found


async def refuse_fatal(
    tenant_id: UUID, release: ReleaseView, objects: TenantObjects, stage_name: str, stage_name_en: str
) -> None:
    """Before a submission enters a gated stage: refuse the current version if it carries a fatal finding."""
    stored = await current_report(tenant_id, release.id, objects)
    decision = stored.report.gate()
    if decision.fatal:
        raise _refusal(decision, stage_name, stage_name_en)


async def require_passed(
    tenant_id: UUID, release: ReleaseView, objects: TenantObjects, decider: UUID, overrides: Sequence[CheckOverride],
    stage_name: str, stage_name_en: str,
) -> list[dict[str, Any]]:
    """Before an approval at or into a gated stage: pass, or raise ``CHECKS_BLOCKING`` having changed nothing.

    Returns the decider's overrides that let a finding pass, as the opinion records them.
    """
    stored = await current_report(tenant_id, release.id, objects)
    given = [Override(o.fingerprint.strip(), o.reason.strip(), str(decider)) for o in overrides]
    decision = stored.report.gate([*await _earlier_overrides(release), *given])
    if not decision.passed:
        raise _refusal(decision, stage_name, stage_name_en)
    mine = {o.fingerprint for o in given}
    recorded = []
    for finding, override in {f.fingerprint: (f, o) for f, o in decision.overridden}.values():
        if override.reviewer == str(decider) and finding.fingerprint in mine:
            recorded.append(
                {
                    "fingerprint": finding.fingerprint, "reason": override.reason, "code": finding.code.value,
                    "severity": finding.severity.value, "field": finding.field, "matched": finding.matched,
                    "version_number": stored.version_number,
                }
            )
    return recorded
