"""Running the checks on a release version and storing what they found, one report per run.

Reports are append-only: a version gets a report when it is saved, and another when it is
judged at a gate after the unit's lexicon changed (the stored report names the lexicon content
it was made with). The newest report of a version is its current one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from fabu.checking.context import UnitContext, unit_context
from fabu.checking.lexicon import unit_lexicon
from fabu.checks import Attachment, CheckCode, CheckedDocument, CheckedText, CheckReport, Finding, Severity, run_checks
from fabu.db.engine import DB
from fabu.errors import not_found
from fabu.storage import TenantObjects


@dataclass(frozen=True)
class StoredReport:
    """A check report as stored for one release version."""

    release_id: UUID
    version_number: int
    version_sha256: str
    lexicon_sha256: str
    created_at: datetime
    report: CheckReport


def finding_document(finding: Finding) -> dict[str, Any]:
    """A finding as stored (and as an API shows it), fingerprint included."""
    return {
        "code": finding.code.value, "severity": finding.severity.value, "field": finding.field,
        "start": finding.start, "end": finding.end, "matched": finding.matched,
        "message_zh": finding.message_zh, "message_en": finding.message_en, "suggestion": finding.suggestion,
        "attachment": finding.attachment, "release_id": finding.release_id, "fingerprint": finding.fingerprint,
    }  # fmt: skip


def _finding(data: dict[str, Any]) -> Finding:
    return Finding(
        code=CheckCode(data["code"]), severity=Severity(data["severity"]), field=data["field"], start=data["start"],
        end=data["end"], matched=data["matched"], message_zh=data["message_zh"], message_en=data["message_en"],
        suggestion=data["suggestion"], attachment=data["attachment"], release_id=data["release_id"],
    )  # fmt: skip


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _stored(row: dict[str, Any]) -> StoredReport:
    texts = {
        name: CheckedText(name, text["text"], attachment=text.get("attachment")) for name, text in _json(row["texts"]).items()
    }
    report = CheckReport(tuple(_finding(f) for f in _json(row["findings"])), texts)
    return StoredReport(
        row["release_id"], row["version_number"], row["version_sha256"], row["lexicon_sha256"], row["created_at"], report
    )


async def _version(release_id: UUID, version_number: int | None) -> dict[str, Any]:
    row = await DB.fetchrow(
        """select v.release_id, v.number, v.sha256, v.content from release_versions v
           join releases r on r.tenant_id = v.tenant_id and r.id = v.release_id
           where v.release_id = $1 and v.number = coalesce($2, r.current_version_number)""",
        release_id, version_number,
    )  # fmt: skip
    if row is None:
        raise not_found("稿件版本", "release version", field="versionNumber")
    return dict(row)


def _run_locked(unit: UnitContext, document: CheckedDocument) -> CheckReport:
    with unit.corpus_lock:
        return run_checks(document, unit.context)


def _without_itself(report: CheckReport, release_id: UUID) -> CheckReport:
    """A ready release being edited is in the published corpus: it is no duplicate of itself."""
    own = str(release_id)
    if not any(f.release_id == own for f in report.findings):
        return report
    return dataclasses.replace(
        report,
        findings=tuple(f for f in report.findings if f.release_id != own),
        duplicates=tuple(d for d in report.duplicates if d.release_id != own),
    )


async def check_version(
    tenant_id: UUID, release_id: UUID, version_number: int | None = None, *, attachments: Sequence[Attachment] = ()
) -> StoredReport:
    """Check a version (the current one by default) of a release and store the report, in the tenant transaction.

    The version's title, summary and body are checked, and the ``attachments`` a caller holding
    the object store passes. The save path does not reach the store: there attachments are only
    refused for confidentiality markings when they are added (``fabu.releases.confidentiality``).
    """
    version = await _version(release_id, version_number)
    content = _json(version["content"])
    document = CheckedDocument(
        title=content["title"], summary=content["summary"], body_html=content["body_html"], attachments=tuple(attachments)
    )
    unit = await unit_context(tenant_id)
    # The checks are CPU work on up to a megabyte of text: keep them off the event loop.
    report = _without_itself(await asyncio.to_thread(_run_locked, unit, document), release_id)
    counts = report.counts()
    texts = {name: {"text": text.text, "attachment": text.attachment} for name, text in report.texts.items()}
    row = await DB.fetchrow(
        """insert into check_reports (tenant_id, release_id, version_number, version_sha256, lexicon_sha256, findings, texts,
               fatal_count, blocking_count, warning_count, info_count)
           values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11) returning *""",
        tenant_id, release_id, version["number"], version["sha256"], unit.lexicon_sha256,
        json.dumps([finding_document(f) for f in report.findings], ensure_ascii=False), json.dumps(texts, ensure_ascii=False),
        counts[Severity.FATAL], counts[Severity.BLOCKING], counts[Severity.WARNING], counts[Severity.INFO],
    )  # fmt: skip
    assert row is not None
    return _stored(dict(row))


async def latest_report(release_id: UUID, version_number: int | None = None) -> StoredReport | None:
    """The newest stored report of a version (the current one by default); None for another unit's release."""
    row = await DB.fetchrow(
        """select c.* from check_reports c join releases r on r.tenant_id = c.tenant_id and r.id = c.release_id
           where c.release_id = $1 and c.version_number = coalesce($2, r.current_version_number)
           order by c.created_at desc, c.id limit 1""",
        release_id, version_number,
    )  # fmt: skip
    return _stored(dict(row)) if row is not None else None


async def release_attachments(release_id: UUID, objects: TenantObjects) -> list[Attachment]:
    """The release's current attachments, read from the object store, for the checks."""
    rows = await DB.fetch(
        "select name, content_type, object_key from release_attachments where release_id = $1 order by name", release_id
    )
    return [Attachment(row["name"], await objects.get(row["object_key"]), row["content_type"]) for row in rows]


async def current_report(tenant_id: UUID, release_id: UUID, objects: TenantObjects) -> StoredReport:
    """The report a gate judges: the current version's newest, re-run (attachments included) if the
    unit's lexicon changed since."""
    stored = await latest_report(release_id)
    if stored is not None and stored.lexicon_sha256 == (await unit_lexicon(tenant_id)).sha256:
        return stored
    return await check_version(tenant_id, release_id, attachments=await release_attachments(release_id, objects))
