"""What the workflow reads of a release: its placement, facts, authors and current version."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import not_found
from fabu.workflow.actors import Placement
from fabu.workflow.definition import ReleaseFacts


@dataclass(frozen=True)
class ReleaseView:
    id: UUID
    title: str
    placement: Placement
    facts: ReleaseFacts
    created_by: UUID
    last_edited_by: UUID
    version_number: int
    version_sha256: str
    workflow_state: str

    @property
    def authors(self) -> frozenset[UUID]:
        """Who drafted or last edited it: the people who may not approve it (four eyes)."""
        return frozenset({self.created_by, self.last_edited_by})


async def load_release(release_id: UUID, *, for_update: bool = False) -> ReleaseView:
    """The release as the workflow sees it; NOT_FOUND for a missing or another unit's release.

    ``for_update`` locks the release row first, on its own: a locking read joined to the current
    version would lose the row when a concurrent save moves the current version while it waits.
    """
    if for_update:
        await DB.fetch("select 1 from releases where id = $1 for update", release_id)
    row = await DB.fetchrow(
        """select r.id, r.title, r.importance, r.sensitivity, r.lead_department_id, r.channels,
                  coalesce((select array_agg(cd.department_id order by d.code) from release_co_departments cd
                            join departments d on d.id = cd.department_id where cd.release_id = r.id), '{}') as co_ids,
                  r.created_by_person_id, r.last_edited_by_person_id, r.workflow_state,
                  v.number as version_number, v.sha256 as version_sha256,
                  coalesce(c.code, '') as category,
                  lead.code as lead_code,
                  coalesce((select array_agg(d.code order by d.code) from release_co_departments cd
                            join departments d on d.id = cd.department_id where cd.release_id = r.id), '{}') as co_codes
           from releases r
           join release_versions v on v.id = r.current_version_id
           join departments lead on lead.id = r.lead_department_id
           left join disclosure_categories c on c.id = r.category_id
           where r.id = $1""",
        release_id,
    )
    if row is None:
        raise not_found("信息稿件", "release", field="releaseId")
    facts = ReleaseFacts(
        importance=row["importance"],
        sensitivity=row["sensitivity"],
        category=row["category"] or "-",
        lead_department=row["lead_code"],
        co_departments=tuple(row["co_codes"]),
        channels=tuple(row["channels"] or ()),
    )
    return ReleaseView(
        id=row["id"],
        title=row["title"],
        placement=Placement(lead=row["lead_department_id"], co=tuple(row["co_ids"])),
        facts=facts,
        created_by=row["created_by_person_id"],
        last_edited_by=row["last_edited_by_person_id"],
        version_number=row["version_number"],
        version_sha256=row["version_sha256"],
        workflow_state=row["workflow_state"],
    )
