"""Which approvals still stand behind a version: its own, and those of the version a proofreading corrected.

A proofreading correction (发布前校对) makes a new version without voiding the approvals of the
version it corrected (architecture decision 3). So the approvers of a corrected version are the
approvers of the version the chain of corrections started from: follow ``proofread`` versions
back to the first version that is not one.
"""

from __future__ import annotations

from uuid import UUID

from fabu.db.engine import DB
from fabu.releases.kinds import VersionKind
from fabu.workflow.release_view import ReleaseView


async def approved_hashes(release_id: UUID, sha256: str) -> list[str]:
    """``sha256`` and, while its version is a proofreading correction, the hashes of the versions it corrected."""
    rows = await DB.fetch("select kind, sha256 from release_versions where release_id = $1 order by number desc", release_id)
    chain: list[str] = []
    for row in rows:
        if not chain and row["sha256"] != sha256:
            continue
        chain.append(row["sha256"])
        if row["kind"] != VersionKind.PROOFREAD:
            break
    return chain or [sha256]


async def approved_version(release_id: UUID, number: int) -> int:
    """The number of the version a chain of proofreading corrections ending at version ``number`` started from."""
    row = await DB.fetchrow(
        """select coalesce(max(number), 1) as number from release_versions
           where release_id = $1 and number <= $2 and kind <> $3""",
        release_id, number, VersionKind.PROOFREAD.value,
    )  # fmt: skip
    assert row is not None
    return int(row["number"])


async def content_authors(release: ReleaseView) -> frozenset[UUID]:
    """Who wrote the text the approvals stand behind: the drafter, and whoever saved the approved version.

    Proofreading it is a second pair of eyes on that text, so none of them may confirm it; the
    author of a proofreading correction is not among them (the correction is theirs to vouch for).
    """
    number = await approved_version(release.id, release.version_number)
    row = await DB.fetchrow("select author_person_id from release_versions where release_id = $1 and number = $2", release.id, number)
    assert row is not None
    return frozenset({release.created_by, row["author_person_id"]})
