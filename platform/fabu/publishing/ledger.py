"""The publication ledger (发布台账): append-only entries of what channels confirmed (publications, corrections,
retractions, later news) and of the notices where a person must act on a channel."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.publishing import _json
from fabu.publishing.snapshot import approvers


async def record_publication(
    tenant_id: UUID,
    outbox: Mapping[str, Any],
    *,
    state: str,
    title: str,
    summary: str,
    external_ids: Mapping[str, str],
    url: str | None,
    published_at: datetime | None,
    raw: Mapping[str, Any],
) -> dict[str, Any]:
    """Append the entry for the outbox row's delivery (its action and note); the approvers are read from the standing opinions."""
    names = await approvers(outbox["release_id"], outbox["content_sha256"])
    row = await DB.fetchrow(
        """insert into publication_ledger (tenant_id, release_id, version_number, channel, state, title, summary, approvers,
               content_sha256, external_ids, url, published_at, outbox_id, receipt, action, note)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14::jsonb, $15, $16) returning *""",
        tenant_id, outbox["release_id"], outbox["version_number"], outbox["channel"], state, title, summary, names,
        outbox["content_sha256"], _json.dumps(dict(external_ids)), url, published_at, outbox["id"], _json.dumps(dict(raw)),
        outbox.get("action", "publish"), outbox.get("note"),
    )
    assert row is not None
    return row


async def record_notice(
    tenant_id: UUID, live: Mapping[str, Any], action: str, note: str, *, version_number: int, content_sha256: str
) -> dict[str, Any]:
    """Append a notice (state ``manual``): the channel cannot ``action`` the live publication, a person must.

    The entry repeats the live publication's ids and URL, so the person finds what to change; for a
    correction it names the newer version (and its approvers) that should replace it.
    """
    names = await approvers(live["release_id"], content_sha256)
    row = await DB.fetchrow(
        """insert into publication_ledger (tenant_id, release_id, version_number, channel, state, title, summary, approvers,
               content_sha256, external_ids, url, published_at, outbox_id, receipt, action, note)
           values ($1, $2, $3, $4, 'manual', $5, $6, $7, $8, $9::jsonb, $10, $11, null, '{}'::jsonb, $12, $13) returning *""",
        tenant_id, live["release_id"], version_number, live["channel"], live["title"], live["summary"], names,
        content_sha256, _json.dumps(_json.loads(live["external_ids"])), live["url"], live["published_at"], action, note,
    )
    assert row is not None
    return row


CSV_COLUMNS = (
    ("recorded_at", "登记时间 / Recorded at"),
    ("release_id", "稿件编号 / Release"),
    ("version_number", "版本 / Version"),
    ("channel", "渠道 / Channel"),
    ("state", "状态 / State"),
    ("title", "标题 / Title"),
    ("summary", "摘要 / Summary"),
    ("approvers", "审批人 / Approvers"),
    ("content_sha256", "内容 SHA-256 / Content SHA-256"),
    ("external_ids", "渠道编号 / Channel ids"),
    ("url", "链接 / URL"),
    ("action", "操作 / Action"),
    ("note", "说明 / Note"),
)


async def ledger_rows(channel: str | None = None) -> list[dict[str, Any]]:
    """The unit's ledger entries in the order they were recorded (optionally of one channel)."""
    return await DB.fetch(
        "select * from publication_ledger where ($1::text is null or channel = $1) order by recorded_at, id", channel
    )


def cell_text(column: str, value: Any) -> str:
    """One entry's value as the text of a CSV or spreadsheet cell."""
    if value is None:
        return ""
    if column == "approvers":
        return "、".join(value)
    if column == "external_ids":
        ids = _json.loads(value)
        return "; ".join(f"{key}={ids[key]}" for key in sorted(ids))
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _defused(text: str) -> str:
    # A cell starting like a formula would run as one in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ledger_csv(rows: list[dict[str, Any]]) -> str:
    """The entries as CSV with a bilingual header row (UTF-8; spreadsheet apps want a BOM added on download)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in CSV_COLUMNS])
    for row in rows:
        writer.writerow([_defused(cell_text(column, row[column])) for column, _ in CSV_COLUMNS])
    return out.getvalue()
