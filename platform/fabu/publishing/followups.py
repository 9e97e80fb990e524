"""Later news of a publication from its channel (a review finished, a post was removed), as ledger entries.

The ledger is append-only, so a change of state is a new entry that repeats the publication's
facts (its action and note included: the news settles that publish, update or retraction) with
the new state; a repeated notice of the same state adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fabu.channels import StatusReport
from fabu.db.engine import DB
from fabu.publishing import _json


async def record_status_change(
    tenant_id: UUID, channel: str, external_ids: Mapping[str, str], report: StatusReport, source: str
) -> dict[str, Any] | None:
    """Append an entry when ``report`` changes the state of the publication the ids name; None otherwise."""
    if not external_ids:
        return None
    latest = await DB.fetchrow(
        """select * from publication_ledger where tenant_id = $1 and channel = $2 and external_ids @> $3::jsonb
           order by recorded_at desc limit 1""",
        tenant_id, channel, _json.dumps(dict(external_ids)),
    )  # fmt: skip
    state = report.state.value
    if latest is None or latest["state"] == state:
        return None
    ids = {**_json.loads(latest["external_ids"]), **dict(report.external_ids)}
    published_at = datetime.now(UTC) if state == "published" else latest["published_at"]
    return await DB.fetchrow(
        """insert into publication_ledger (tenant_id, release_id, version_number, channel, state, title, summary, approvers,
               content_sha256, external_ids, url, published_at, outbox_id, receipt, action, note)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14::jsonb, $15, $16) returning *""",
        tenant_id, latest["release_id"], latest["version_number"], channel, state, latest["title"], latest["summary"],
        latest["approvers"], latest["content_sha256"], _json.dumps(ids), report.url or latest["url"], published_at,
        latest["outbox_id"], _json.dumps({"source": source, "message": report.message}), latest["action"], latest["note"],
    )  # fmt: skip
