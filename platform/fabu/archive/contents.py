"""What an archive package of a release holds, gathered in the unit's transaction.

Records are JSON (UTF-8, keys sorted, as stored), files are the stored originals, byte for byte:

| path under ``data/`` | what |
| --- | --- |
| ``release.json`` | the release as it stands, with its category and lead department |
| ``versions/NNNN.json``, ``versions/NNNN.html`` | every version: its content and hash; its body as a page |
| ``attachments/<name>`` | the current attachments' originals (``attachments-missing.json``: any the store lost) |
| ``approval/instance.json``, ``tasks.json``, ``opinions.json``, ``events.json`` | the workflow record |
| ``checks.json`` | every stored check report |
| ``publication/ledger.json``, ``publication/proofs/<sha256>`` | the ledger; the posting photos |
| ``followup/metrics.json``, ``followup/comments.json`` | reach over time; the public's comments |
| ``audit.json`` | the unit's audit entries about the release |
"""

from __future__ import annotations

import html
import json
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.storage import ObjectNotFound, TenantObjects

PROOF_STATES = ("posted", "removed")


def as_json(data: Any) -> bytes:
    """Records as the package stores them: indented UTF-8 JSON with sorted keys."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


# (file, table, order): the records of a release kept as JSON, each a list of rows.
_RECORDS = (
    ("approval/tasks.json", "workflow_tasks", "created_at, position"),
    ("approval/opinions.json", "opinions", "created_at"),
    ("approval/events.json", "workflow_events", "created_at"),
    ("checks.json", "check_reports", "created_at"),
    ("followup/metrics.json", "publication_metrics", "measured_at"),
    ("followup/comments.json", "public_comments", "created_at"),
)


async def release_records(objects: TenantObjects, release: dict[str, Any]) -> dict[str, bytes]:
    """The payload of the package of ``release`` (as :func:`archived_release` gives it), by path under ``data/``."""
    release_id: UUID = release["id"]
    payload = {"release.json": as_json(release)}
    for version in await _records("release_versions", "number", release_id):
        name = f"versions/{version['number']:04d}"
        payload[f"{name}.json"] = as_json(version)
        payload[f"{name}.html"] = _page(release["title"], version)
    missing = []
    for attachment in await _records("release_attachments", "name", release_id):
        try:
            payload[f"attachments/{attachment['name']}"] = await objects.get(attachment["object_key"])
        except ObjectNotFound:  # the package says so rather than never being made
            missing.append(attachment)
    if missing:
        payload["attachments-missing.json"] = as_json(missing)
    instances = await _records("workflow_instances", "started_at", release_id)
    payload["approval/instance.json"] = as_json(instances[0] if instances else None)
    for path, table, order in _RECORDS:
        payload[path] = as_json(await _records(table, order, release_id))
    ledger = await _records("publication_ledger", "recorded_at, id", release_id)
    payload["publication/ledger.json"] = as_json(ledger)
    payload.update(await _proof_photos(objects, ledger))
    rows = await DB.fetch("select to_jsonb(a) as record from audit_entries a where object_id = $1 order by seq", str(release_id))
    payload["audit.json"] = as_json([json.loads(row["record"]) for row in rows])
    return payload


async def archived_release(release_id: UUID) -> dict[str, Any] | None:
    """The release with the names a reader of the package needs, as JSON data, in the current unit's transaction."""
    row = await DB.fetchrow(
        """select to_jsonb(r) || jsonb_build_object('category_code', c.code, 'category_name', c.name,
                  'lead_department_name', d.name) as record
           from releases r
           left join disclosure_categories c on c.id = r.category_id
           left join departments d on d.id = r.lead_department_id
           where r.id = $1""",
        release_id,
    )
    return json.loads(row["record"]) if row else None


async def _records(table: str, order: str, release_id: UUID) -> list[dict[str, Any]]:
    """The release's rows of ``table`` as JSON data (jsonb columns nested, times as ISO 8601); names come from code."""
    rows = await DB.fetch(f"select to_jsonb(t) as record from {table} t where release_id = $1 order by {order}", release_id)
    return [json.loads(row["record"]) for row in rows]


async def _proof_photos(objects: TenantObjects, ledger: list[dict[str, Any]]) -> dict[str, bytes]:
    photos: dict[str, bytes] = {}
    for entry in ledger:
        receipt = entry["receipt"]
        if entry["state"] in PROOF_STATES and isinstance(receipt, dict) and "sha256" in receipt:
            try:
                photos[f"publication/proofs/{receipt['sha256']}"] = await objects.get(TenantObjects.content_key(receipt["sha256"]))
            except ObjectNotFound:  # recorded in the ledger, gone from the store: the ledger entry still says so
                continue
    return photos


def _page(title: str, version: dict[str, Any]) -> bytes:
    """The version's body as a page a reader opens without Fabu."""
    content = version["content"] if isinstance(version["content"], dict) else {}
    heading = html.escape(str(content.get("title", title)))
    return (
        f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{heading}</title></head>\n'
        f"<body><h1>{heading}</h1>\n{content.get('body_html', '')}\n</body></html>\n"
    ).encode()
