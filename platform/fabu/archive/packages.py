"""Making a release's archive package and checking packages for fixity.

A package is made only of a release that was published (its records are complete enough to keep),
in the unit's transaction: gathered, packed as a bag, written to the store under
``archives/<release id>/`` in the unit's space and put under retention there (object lock on S3
where the bucket has it; the local store refuses to replace or delete it), then recorded with its
SHA-256, size, retention and whether the store itself enforces it.
A failure before the record leaves nothing recorded (at most an unreferenced object in the store).
A release may be archived again later (say, after more feedback): each package stands on its own.

A fixity check reads a package back and compares it with what was recorded: the whole file's
SHA-256, then the bag's own manifests. Each check is recorded; a failed one tells the unit's
administrators.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from uuid import UUID

from fabu.archive import bagit
from fabu.archive.contents import archived_release, release_records
from fabu.archive.errors import ArchiveErrorCode
from fabu.archive.retention import retention_for
from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError
from fabu.publishing import _json
from fabu.publishing.notices import admins
from fabu.storage import ObjectNotFound, TenantObjects
from fabu.workflow.notify import notify

CONTENT_TYPE: Final = "application/zip"


@dataclass(frozen=True)
class FixityResult:
    """One check of one package."""

    archive_id: UUID
    intact: bool
    problems: list[str]


async def archive_release(objects: TenantObjects, release_id: UUID, made_by: str, now: datetime) -> dict[str, Any]:
    """In the unit's transaction: make, store and record a package of the release; the record (a row)."""
    release = await archived_release(release_id)
    if release is None:
        raise FabuError(CommonErrorCode.NOT_FOUND, "稿件不存在", "release not found", field="releaseId")
    if not await DB.fetchrow("select 1 from publication_ledger where release_id = $1 and state = 'published' limit 1", release_id):
        raise FabuError(
            ArchiveErrorCode.NEVER_PUBLISHED,
            "稿件尚未发布，不能归档",
            "the release was never published, so there is nothing to archive yet",
            field="releaseId",
        )
    unit = await DB.fetchrow("select code, name from tenants where id = $1", objects.tenant_id)
    assert unit is not None
    retention = await retention_for(release.get("category_code"), now)
    payload = await release_records(objects, release)
    package = bagit.write_bag(
        f"release-{release_id}",
        payload,
        {
            "Source-Organization": _one_line(unit["name"]),
            "Organization-Identifier": unit["code"],
            "External-Identifier": str(release_id),
            "External-Description": _one_line(release["title"]),
            "Bagging-Date": now.astimezone(UTC).date().isoformat(),
            "Bag-Software-Agent": "Fabu",
            "Fabu-Archived-By": made_by,
            "Fabu-Retain-Until": retention.until.isoformat() if retention.until else "permanent",
            "Fabu-Retention-Rule": retention.rule,
        },
    )
    sha256 = hashlib.sha256(package).hexdigest()
    key = f"archives/{release_id}/{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{sha256[:12]}.zip"
    await objects.put(key, package, content_type=CONTENT_TYPE)
    locked = await objects.retain(key, retention.until)
    row = await DB.fetchrow(
        """insert into release_archives (tenant_id, release_id, object_key, sha256, size, payload_files, created_at,
               created_by, retain_until, retention_rule, locked_by_store)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *""",
        objects.tenant_id, release_id, key, sha256, len(package), len(payload), now, made_by, retention.until, retention.rule,
        locked,
    )  # fmt: skip
    assert row is not None
    return row


def _one_line(text: str) -> str:
    """A metadata value as bag-info.txt holds it: one line, blanks collapsed."""
    return " ".join(text.split())


async def check_fixity(objects: TenantObjects, archive: dict[str, Any], now: datetime) -> FixityResult:
    """In the unit's transaction: read the package back, compare, record the check; tell the admins if it failed."""
    problems = await _problems(objects, archive)
    await DB.fetch(
        "insert into archive_fixity_checks (tenant_id, archive_id, checked_at, intact, problems) values ($1, $2, $3, $4, $5)",
        objects.tenant_id, archive["id"], now, not problems, _json.dumps(problems),
    )  # fmt: skip
    if problems:
        shown = "；".join(problems[:3])
        await notify(
            objects.tenant_id, await admins(), archive["release_id"], "archive_damaged",
            f"归档包校验失败（{archive['object_key']}），请从备份恢复：{shown}",
            f"An archive package failed its fixity check ({archive['object_key']}); restore it from a backup: {shown}",
        )  # fmt: skip
    return FixityResult(archive["id"], not problems, problems)


async def _problems(objects: TenantObjects, archive: dict[str, Any]) -> list[str]:
    try:
        package = await objects.get(archive["object_key"])
    except ObjectNotFound:
        return ["归档包不在存储中 / the package is missing from the store"]
    problems = [str(problem) for problem in bagit.check_bag(package)]
    if hashlib.sha256(package).hexdigest() != archive["sha256"]:
        problems.insert(0, "整个归档包的 SHA-256 与记录不符 / the package's SHA-256 differs from the record")
    return problems
