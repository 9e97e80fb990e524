"""DataLoaders for follow-up relations: one query per relation per request, however many releases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.db.engine import DB
from fabu.graphql.loaders import grouped


async def _latest_reach(release_ids: Sequence[UUID]) -> list[list[dict[str, Any]]]:
    rows = await DB.fetch(
        """select distinct on (release_id, channel) * from publication_metrics
           where release_id = any($1::uuid[])
           order by release_id, channel, measured_at desc, collected_at desc""",
        list(release_ids),
    )
    return grouped(rows, "release_id", release_ids)


class ReachByReleaseIdLoader(DataLoader[UUID, list[dict[str, Any]]]):
    """Each release's latest reading per channel, channels by name."""

    def __init__(self) -> None:
        super().__init__(load_fn=_latest_reach)
