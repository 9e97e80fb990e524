"""DataLoaders for archive relations: one query per relation per request, however many releases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.db.engine import DB
from fabu.graphql.loaders import grouped


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
    return grouped(rows, "release_id", release_ids)


class ArchivesByReleaseIdLoader(DataLoader[UUID, list[dict[str, Any]]]):
    """Each release's packages, oldest first, with their latest fixity check."""

    def __init__(self) -> None:
        super().__init__(load_fn=_packages)
