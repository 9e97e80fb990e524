"""What a plugin is handed: the approved version of a release as a :class:`ReleaseSnapshot`."""

from __future__ import annotations

import html
import re
from uuid import UUID

import nh3

from fabu.channels.api import Attachment, ReleaseSnapshot
from fabu.db.engine import DB
from fabu.errors import not_found
from fabu.publishing import _json
from fabu.publishing.outbox import PORTAL
from fabu.releases.content import ReleaseContent
from fabu.storage import TenantObjects
from fabu.workflow.decisions import Decision
from fabu.workflow.proofread_chain import approved_hashes

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


def plain_text(body_html: str) -> str:
    """The body's text, one line per block."""
    text = nh3.clean(_BLOCK_END.sub("\n", body_html), tags=set())
    return "\n".join(line.strip() for line in html.unescape(text).splitlines() if line.strip())


async def build_snapshot(
    tenant_id: UUID, release_id: UUID, version_number: int, channel: str | None = None
) -> ReleaseSnapshot:
    """The snapshot of one version for ``channel``, with the portal's URL once the portal has it.

    ``variant`` holds ``channel``'s own fields of that version (its WeChat digest, its Weibo
    text...), and is empty when no channel is named.
    """
    row = await DB.fetchrow("select content, sha256 from release_versions where release_id = $1 and number = $2", release_id, version_number)
    if row is None:
        raise not_found("信息稿件版本", "release version", field=None)
    content = ReleaseContent.from_document(_json.loads(row["content"]))
    fields = content.fields
    # The category and the department this version names, not the release's current ones: a later
    # edit must not change what an approved version says it is.
    names = await DB.fetchrow(
        """select coalesce((select name from disclosure_categories where id = $1), '') as category,
                  (select name from departments where id = $2) as department""",
        fields.category_id, fields.lead_department_id,
    )  # fmt: skip
    assert names is not None
    portal = await DB.fetchrow(
        """select url from publication_ledger where release_id = $1 and version_number = $2 and channel = $3
           and url is not null order by recorded_at desc limit 1""",
        release_id, version_number, PORTAL,
    )
    return ReleaseSnapshot(
        release_id=release_id,
        tenant_id=tenant_id,
        title=fields.title,
        summary=fields.summary,
        body_html=fields.body_html,
        body_text=plain_text(fields.body_html),
        category=names["category"],
        department=names["department"],
        published_at=fields.scheduled_at,
        attachments=tuple(
            Attachment(
                name=a.name, key=TenantObjects.content_key(a.sha256), content_type=a.content_type, size=a.size, sha256=a.sha256
            )
            for a in content.attachments
        ),
        links={PORTAL: portal["url"]} if portal else {},
        variant=fields.variant(channel) if channel is not None else {},
        content_sha256=row["sha256"],
    )


async def approvers(release_id: UUID, content_sha256: str) -> list[str]:
    """Names of the people whose standing approvals bind to this content, in the order they decided.

    For a proofreading correction, the approvals of the version it corrected (``fabu.workflow.proofread_chain``).
    """
    rows = await DB.fetch(
        """select p.name, o.decision from opinions o join people p on p.id = o.decided_by_person_id
           where o.release_id = $1 and o.voided_at is null and o.version_sha256 = any($2::text[]) order by o.created_at""",
        release_id, await approved_hashes(release_id, content_sha256),
    )
    names: list[str] = []
    for row in rows:
        if Decision(row["decision"]).is_approval and row["name"] not in names:
            names.append(row["name"])
    return names
