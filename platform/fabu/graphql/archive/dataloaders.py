"""DataLoaders for archive relations: one query per relation per request, however many releases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.db.engine import DB


async def _packages(release_ids: Sequence[UUID]) -> list[list[dict[str, Any]]]:
    rows = await DB.fetch(
        """select a.*, c.checked_at as last_checked_at, c.intact as last_intact, c.problems as last_problems
           from release_archives a
           left join lateral (
               select * from archive_fixity_checks c where c.archive_id = a.id order by c.checked_at desc limit 1) c on true
           where a.release_id = any($1::uuid[])
           order by a.created_at, a.id""",
        list(release_ids),
    )
    grouped: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["release_id"]].append(row)
    return [grouped.get(release_id, []) for release_id in release_ids]


class ArchivesByReleaseIdLoader(DataLoader[UUID, list[dict[str, Any]]]):
    """Each release's packages, oldest first, with their latest fixity check."""

    def __init__(self) -> None:
        super().__init__(load_fn=_packages)
