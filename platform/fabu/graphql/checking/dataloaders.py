"""DataLoaders of the checking domain."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.db.engine import DB


async def _entries(ids: list[UUID]) -> list[dict[str, Any] | None]:
    rows = await DB.fetch("select * from lexicon_entries where id = any($1::uuid[])", list(ids))
    by_id = {row["id"]: dict(row) for row in rows}
    return [by_id.get(i) for i in ids]


class LexiconEntryByIdLoader(DataLoader[UUID, dict[str, Any] | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_entries)
