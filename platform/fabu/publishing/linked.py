"""The channels linking to the portal's page, when the portal gives up on the version they link to.

Rank-1 rows wait for the portal's publish or update row of the same version (see
:mod:`fabu.publishing.outbox`). When that row ends without the portal having the page (it failed,
or its outcome is unknown and a person must check), the waiting rows would wait forever with
nobody told. They are given up with the portal's reason instead, and the publishers are told for
each channel; a corrected version, once approved, is published afresh everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.publishing.actions import Action
from fabu.publishing.notices import tell_publishers


async def give_up_linked(tenant_id: UUID, portal_row: Mapping[str, Any], portal_message: str) -> int:
    """In the row's transaction: fail the rows waiting for ``portal_row`` (a rank-0 row that ended without
    the page); returns how many. Nothing waits on a retraction or on a row of another rank."""
    if portal_row["order_rank"] != 0 or portal_row["action"] == Action.RETRACT:
        return 0
    message = (
        f"门户网站未能确认发布此版本，本渠道需链接其页面，未发送：{portal_message} / "
        f"the portal did not confirm this version, whose page this channel links to; not sent: {portal_message}"
    )
    waiting = await DB.fetch(
        """update publication_outbox set status = 'failed', last_error = $3, updated_at = now()
           where release_id = $1 and version_number = $2 and order_rank > 0 and status = 'pending' and action <> $4
           returning *""",
        portal_row["release_id"], portal_row["version_number"], message, Action.RETRACT.value,
    )  # fmt: skip
    for row in waiting:
        await tell_publishers(tenant_id, row, "failed", message, None)
    return len(waiting)
