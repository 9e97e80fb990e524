"""One tenant's board in its store: the notices' PDFs, their record, the signage page and the feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

from fabu.channels.sitestore import SiteStore
from fabu_bulletin._config import BulletinConfig
from fabu_bulletin._pdf import Paper
from fabu_bulletin._records import Board, load_board, pdf_key, save_board
from fabu_bulletin._signage import FEED_KEY, SIGNAGE_KEY, render_feed, render_signage, signage_assets

__all__ = ["PAPER_SIZES", "BulletinBoard"]

PAPER_SIZES: Final[tuple[Paper, ...]] = ("A4", "A3")


@dataclass(frozen=True, slots=True)
class BulletinBoard:
    """The tenant's board files."""

    store: SiteStore
    config: BulletinConfig
    tenant_id: UUID

    @property
    def url(self) -> str:
        """The public address of the board's files."""
        return self.config.public_url_for(self.tenant_id)

    def pdf_url(self, release_id: UUID, paper: str) -> str:
        """The public address of a notice's PDF."""
        return self.url + pdf_key(release_id, paper)

    async def load(self) -> Board:
        """The board's record."""
        return await load_board(self.store)

    async def write_pdfs(self, release_id: UUID, pdfs: dict[str, bytes]) -> None:
        """Store a notice's PDFs, one per paper size."""
        for paper, data in pdfs.items():
            await self.store.write(pdf_key(release_id, paper), data, "application/pdf")

    async def delete_pdfs(self, release_id: UUID) -> None:
        """Remove a withdrawn notice's PDFs, so nobody prints it again."""
        for paper in PAPER_SIZES:
            await self.store.delete(pdf_key(release_id, paper))

    async def save(self, board: Board, now: datetime) -> None:
        """Store the record, then the signage page and the feed rendered from it."""
        await save_board(self.store, board)
        await self.refresh(board, now)

    async def refresh(self, board: Board, now: datetime) -> None:
        """Render the signage page and the feed for ``now``."""
        for key, (text, content_type) in signage_assets().items():
            await self.store.write(key, text.encode(), content_type)
        page = render_signage(self.config, board, now)
        await self.store.write(SIGNAGE_KEY, page.encode(), "text/html; charset=utf-8")
        feed = render_feed(self.config, self.url, board, now)
        await self.store.write(FEED_KEY, feed.encode(), "application/feed+json")
