"""What the board remembers, in one JSON file next to its files (``_fabu/board.json``).

Each notice keeps its text (the signage page shows it), its posting period, its revision and
the proofs recorded for it. The file is changed read-modify-write under the per-tenant lock the
plugin takes in the shared cache; see :mod:`fabu_bulletin._plugin`.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from fabu.channels import ProofKind
from fabu.channels.sitestore import SiteStore
from fabu_bulletin._period import PostingPeriod
from fabu_bulletin._proof import PostingProof

__all__ = ["BOARD_KEY", "Board", "NoticeRecord", "Standing", "load_board", "pdf_key", "save_board"]

BOARD_KEY = "_fabu/board.json"


def pdf_key(release_id: UUID, paper: str) -> str:
    """Where a notice's PDF for ``paper`` ("A4" or "A3") is."""
    return f"notices/{release_id}/notice-{paper.lower()}.pdf"


class Standing(StrEnum):
    """Where a notice stands on the physical board."""

    TO_POST = "to_post"
    """Printed, waiting to be posted (or re-posted after an update): no photo of this revision yet."""
    POSTED = "posted"
    """Hanging, with a photo of this revision."""
    DUE = "due"
    """The posting period is over, or the notice was withdrawn: it must come down."""
    REMOVED = "removed"
    """Taken down, with a photo."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class NoticeRecord(_Frozen):
    """One notice."""

    release_id: UUID
    title: str
    summary: str = ""
    body_text: str = ""
    department: str = ""
    index_number: str = ""
    portal_url: str | None = None
    period_start: date
    period_end: date
    revision: int = 1
    pages: int = 1
    published_at: AwareDatetime
    updated_at: AwareDatetime | None = None
    withdrawn_at: AwareDatetime | None = None
    proofs: tuple[PostingProof, ...] = ()

    @property
    def period(self) -> PostingPeriod:
        """The posting period."""
        return PostingPeriod(self.period_start, self.period_end)

    def standing(self, now: datetime) -> Standing:
        """Where the notice stands at ``now``."""
        if any(p.kind is ProofKind.REMOVED for p in self.proofs):
            return Standing.REMOVED
        if self.withdrawn_at is not None or now >= self.period.remove_after:
            return Standing.DUE
        posted = any(p.kind is ProofKind.POSTED and p.revision == self.revision for p in self.proofs)
        return Standing.POSTED if posted else Standing.TO_POST

    @property
    def active(self) -> bool:
        """Neither withdrawn nor taken down."""
        removed = any(p.kind is ProofKind.REMOVED for p in self.proofs)
        return self.withdrawn_at is None and not removed

    def on_screen(self, day: date) -> bool:
        """Whether the signage page and the feed show it on ``day``."""
        return self.active and self.period.contains(day)


class Board(_Frozen):
    """Every notice of the tenant's boards, newest first."""

    version: int = 1
    notices: tuple[NoticeRecord, ...] = ()

    def get(self, release_id: UUID) -> NoticeRecord | None:
        """The notice of ``release_id``, if any."""
        return next((n for n in self.notices if n.release_id == release_id), None)

    def with_notice(self, notice: NoticeRecord) -> Board:
        """This board with ``notice`` added or replaced."""
        others = [n for n in self.notices if n.release_id != notice.release_id]
        ordered = sorted(
            [*others, notice], key=lambda n: (n.period_start, n.published_at, str(n.release_id)), reverse=True
        )
        return Board(version=self.version, notices=tuple(ordered))

    def on_screen(self, day: date) -> list[NoticeRecord]:
        """The notices in their posting period on ``day``, newest first."""
        return [n for n in self.notices if n.on_screen(day)]

    def for_signage(self, day: date) -> list[NoticeRecord]:
        """The notices a screen may show from ``day`` on: current and upcoming (the page hides those not yet due)."""
        return [n for n in self.notices if n.active and n.period_end >= day]


async def load_board(store: SiteStore) -> Board:
    """The board's record, empty at first."""
    data = await store.read(BOARD_KEY)
    return Board() if data is None else Board.model_validate_json(data)


async def save_board(store: SiteStore, board: Board) -> None:
    """Replace the board's record."""
    await store.write(BOARD_KEY, board.model_dump_json(indent=1).encode(), "application/json")
