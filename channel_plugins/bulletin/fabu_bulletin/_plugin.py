"""The bulletin channel: print-ready notices for physical boards, a signage page and a feed for screens.

Publishing renders the notice as A4 and A3 PDFs and puts it on the signage page and the feed. A
person prints and posts it and records a photo (``proof``, kind ``posted``); when the posting
period ends, ``status`` says it must come down and the daily ``upkeep`` reminds of it, and a photo
of the empty spot (kind ``removed``) closes it. ``upkeep`` also renders the signage page and the
feed for the new day. Withdrawing takes it off the screens at once and leaves it ``PENDING`` until
the photo of its removal is recorded.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from datetime import UTC, datetime
from typing import ClassVar, Final
from uuid import UUID

from pydantic import JsonValue

from fabu.channels import (
    Bilingual,
    Capability,
    ChannelContext,
    ChannelLimits,
    ChannelPlugin,
    Finding,
    Preview,
    Proof,
    ProofKind,
    ProofReceipt,
    ProofRejectedError,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    ReleaseSnapshot,
    StatusReport,
    TerminalChannelError,
    UpkeepReport,
    check_limits,
)
from fabu.channels.sitestore import Place, exclusive_change, site_store, store_errors
from fabu_bulletin._board import PAPER_SIZES, BulletinBoard
from fabu_bulletin._checks import bulletin_findings
from fabu_bulletin._config import BulletinConfig
from fabu_bulletin._fonts import FontMissingError, load_font
from fabu_bulletin._notice import notice_from, zh_date
from fabu_bulletin._pdf import render_pdf
from fabu_bulletin._period import PostingPeriod, posting_period, today
from fabu_bulletin._proof import PostingProof, make_proof
from fabu_bulletin._records import Board, NoticeRecord, Standing
from fabu_bulletin._reminders import standing_reminders
from fabu_bulletin._signage import slide_html

__all__ = ["BulletinChannel"]

Context = ChannelContext[BulletinConfig]
_LOCK_TTL: Final = 120.0
_LOCK_WAIT: Final = 30.0
_PLACE: Final = Place("board", "公告栏", "the board's")


class BulletinChannel(ChannelPlugin[BulletinConfig]):
    """Notices for the unit's physical notice boards and digital signage."""

    name: ClassVar[str] = "bulletin"
    display_name: ClassVar[Bilingual] = Bilingual(zh="公告栏", en="Notice board")
    capabilities: ClassVar[Capability] = (
        Capability.PUBLISH | Capability.UPDATE | Capability.RETRACT | Capability.STATUS | Capability.PROOF | Capability.UPKEEP
    )
    limits: ClassVar[ChannelLimits] = ChannelLimits(title_max=60, summary_max=300, body_max=10_000)
    config_model = BulletinConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """The declared limits, a body, a sound posting period; warnings for no QR target and for attachments."""
        return [*check_limits(release, self.limits), *bulletin_findings(release)]

    def render(self, release: ReleaseSnapshot) -> Preview:
        """The notice as the signage screen shows it, and its posting period as text."""
        now = release.published_at or datetime.now(UTC)
        try:
            period = posting_period(release, 30, now)
        except ValueError:
            period = posting_period(release.model_copy(update={"variant": {}}), 30, now)
        record = _record(release, period, now, revision=1, pages=1)
        text = f"{release.title}\n张贴期：{zh_date(period.start)}至{zh_date(period.end)}"
        return Preview(html=slide_html(record), text=text)

    async def publish(self, ctx: Context, release: ReleaseSnapshot) -> PublishReceipt:
        """Render the notice's PDFs and put it on the screens; repeating it is harmless."""
        return await self._put(ctx, release, must_exist=False)

    async def update(self, ctx: Context, release: ReleaseSnapshot, ref: PublicationRef) -> PublishReceipt:
        """Render the changed notice; it counts as not posted until a photo of the new version is recorded."""
        return await self._put(ctx, release, must_exist=True)

    async def retract(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Take the notice off the screens and delete its PDFs; it stays ``PENDING`` until its removal photo."""
        board = _board(ctx)
        async with _exclusive(ctx):
            state = await board.load()
            notice = _existing(state, ref.release_id)
            if notice.withdrawn_at is None:
                notice = notice.model_copy(update={"withdrawn_at": ctx.clock()})
                await board.delete_pdfs(notice.release_id)
                await board.save(state.with_notice(notice), ctx.clock())
        return _report(board, notice, ctx.clock())

    async def status(self, ctx: Context, ref: PublicationRef) -> StatusReport:
        """Where the notice stands, and whether it is due to come down; found by release id."""
        board = _board(ctx)
        with _store_errors():
            notice = (await board.load()).get(ref.release_id)
        if notice is None:
            # The record is written after the PDFs: without it, nothing was handed out to print.
            return StatusReport(state=PublicationState.NOT_FOUND)
        return _report(board, notice, ctx.clock())

    async def proof(self, ctx: Context, ref: PublicationRef, proof: Proof) -> ProofReceipt:
        """Record a photo proving the notice was posted or taken down; the photo itself stays with the platform.

        Raises:
            ProofRejectedError: the photo is not a usable image, the notice is unknown, or a
                withdrawn notice is claimed to be posted.
        """
        board = _board(ctx)
        async with _exclusive(ctx):
            state = await board.load()
            notice = state.get(ref.release_id)
            if notice is None:
                raise ProofRejectedError("notice_unknown", Bilingual(zh="公告栏上没有这份通知", en="no such notice on the board"))
            if proof.kind is ProofKind.POSTED and notice.withdrawn_at is not None:
                raise ProofRejectedError(
                    "notice_withdrawn",
                    Bilingual(zh="通知已撤回，不能再张贴", en="the notice was withdrawn and must not be posted"),
                    field="kind",
                )
            now = ctx.clock()
            recorded = make_proof(notice.release_id, proof, revision=notice.revision, recorded_at=now)
            known = next((p for p in notice.proofs if p.sha256 == recorded.sha256 and p.kind is recorded.kind), None)
            if known is None:
                notice = notice.model_copy(update={"proofs": (*notice.proofs, recorded)})
                await board.save(state.with_notice(notice), now)
                known = recorded
                ctx.logger.info("bulletin: %s proof recorded for release %s", proof.kind.value, ref.release_id)
        return _proof_receipt(board, notice, known, now)

    async def upkeep(self, ctx: Context) -> UpkeepReport:
        """Render the signage page and the feed for today; remind of the notices to post and those to take down."""
        board = _board(ctx)
        now = ctx.clock()
        async with _exclusive(ctx):
            state = await board.load()
            await board.refresh(state, now)
        reminders = standing_reminders(state.notices, now)
        kinds = [reminder.settled_by for reminder in reminders]
        summary: dict[str, JsonValue] = {
            "on_screen": len(state.on_screen(today(now))),
            "to_post": kinds.count(ProofKind.POSTED),
            "due_for_removal": kinds.count(ProofKind.REMOVED),
        }
        return UpkeepReport(reminders=reminders, summary=summary)

    async def _put(self, ctx: Context, release: ReleaseSnapshot, *, must_exist: bool) -> PublishReceipt:
        config, now = ctx.config, ctx.clock()
        try:
            period = posting_period(release, config.posting_days, now)
            font = load_font(config.font)
        except FontMissingError as error:
            raise TerminalChannelError("font_missing", str(error)) from error
        except ValueError as error:
            raise TerminalChannelError("posting_period_invalid", str(error)) from error
        notice = notice_from(release, unit_name=config.unit_name, period=period, now=now)
        rendered = {paper: await asyncio.to_thread(render_pdf, notice, paper, font) for paper in PAPER_SIZES}
        board = _board(ctx)
        async with _exclusive(ctx):
            state = await board.load()
            existing = state.get(release.release_id)
            if must_exist and (existing is None or existing.withdrawn_at is not None):
                raise TerminalChannelError("not_published", "公告栏上没有这份通知 / no such notice on the board")
            if existing is None:
                revision = 1
            elif must_exist or existing.withdrawn_at is not None:
                revision = existing.revision + 1  # new content, or posted anew: a new photo is needed
            else:
                revision = existing.revision  # the same publish, repeated
            record = _record(release, period, now, revision=revision, pages=rendered["A4"].pages)
            if existing is not None:
                updated_at = now if must_exist else existing.updated_at
                record = record.model_copy(
                    update={"published_at": existing.published_at, "updated_at": updated_at, "proofs": existing.proofs}
                )
            await board.write_pdfs(release.release_id, {paper: pdf.data for paper, pdf in rendered.items()})
            await board.save(state.with_notice(record), now)
        missing = font.missing(notice.text)
        if missing:
            ctx.logger.warning("bulletin: font %s lacks %s for release %s", font.name, missing, release.release_id)
        return _receipt(board, record, rendered["A4"].pages, rendered["A3"].pages, missing)


def _board(ctx: Context) -> BulletinBoard:
    return BulletinBoard(site_store(ctx.config, ctx.tenant_id), ctx.config, ctx.tenant_id)


def _existing(board: Board, release_id: UUID) -> NoticeRecord:
    notice = board.get(release_id)
    if notice is None:
        raise TerminalChannelError("not_published", "公告栏上没有这份通知 / no such notice on the board")
    return notice


def _record(
    release: ReleaseSnapshot, period: PostingPeriod, now: datetime, *, revision: int, pages: int
) -> NoticeRecord:
    return NoticeRecord(
        release_id=release.release_id,
        title=release.title,
        summary=release.summary,
        body_text=release.body_text,
        department=release.department,
        index_number=release.index_number,
        portal_url=release.links.get("portal"),
        period_start=period.start,
        period_end=period.end,
        revision=revision,
        pages=pages,
        published_at=release.published_at or now,
    )


def _receipt(board: BulletinBoard, record: NoticeRecord, a4_pages: int, a3_pages: int, missing: str) -> PublishReceipt:
    period = record.period
    raw: dict[str, JsonValue] = {
        "pdf_a4": board.pdf_url(record.release_id, "A4"),
        "pdf_a3": board.pdf_url(record.release_id, "A3"),
        "pages_a4": a4_pages,
        "pages_a3": a3_pages,
        "posting_start": period.start.isoformat(),
        "posting_end": period.end.isoformat(),
        "remove_after": period.remove_after.isoformat(),
        "revision": record.revision,
    }
    if missing:
        raw["missing_glyphs"] = missing
    return PublishReceipt(
        state=PublicationState.PUBLISHED,
        external_ids={"notice": str(record.release_id)},
        url=board.pdf_url(record.release_id, "A4"),
        published_at=record.updated_at or record.published_at,
        raw=raw,
    )


def _report(board: BulletinBoard, notice: NoticeRecord, now: datetime) -> StatusReport:
    ids, url = {"notice": str(notice.release_id)}, board.pdf_url(notice.release_id, "A4")
    end = zh_date(notice.period.end)
    standing = notice.standing(now)
    if standing is Standing.REMOVED:
        return StatusReport(
            state=PublicationState.RETRACTED,
            message="已撤下，有照片为证 / taken down, photo recorded",
            external_ids=ids,
        )
    if notice.withdrawn_at is not None:
        message = "已撤回：请撤下纸质通知并拍照留证 / withdrawn: take the paper notice down and photograph the spot"
        return StatusReport(state=PublicationState.PENDING, message=message, external_ids=ids)
    messages = {
        Standing.DUE: f"张贴期已于{end}结束：请撤下并拍照留证 / the posting period ended on {notice.period.end}: take it down and photograph the spot",
        Standing.TO_POST: f"待张贴：请打印张贴并拍照留证，{end}后撤下 / to post: print, post and photograph it; remove it after {notice.period.end}",
        Standing.POSTED: f"张贴中，应于{end}后撤下 / posted; due for removal after {notice.period.end}",
    }
    return StatusReport(state=PublicationState.PUBLISHED, message=messages[standing], external_ids=ids, url=url)


def _proof_receipt(board: BulletinBoard, notice: NoticeRecord, proof: PostingProof, now: datetime) -> ProofReceipt:
    details: dict[str, JsonValue] = proof.model_dump(mode="json", exclude={"release_id", "sha256", "size", "content_type"})
    details["label"] = str(proof.label)
    if proof.kind is ProofKind.POSTED:
        message = Bilingual(
            zh=f"已张贴（第{proof.revision}版），应于{zh_date(notice.period.end)}后撤下",
            en=f"posted (revision {proof.revision}); due for removal after {notice.period.end}",
        )
    else:
        message = Bilingual(zh="已撤下，有照片为证", en="taken down, photo recorded")
    return ProofReceipt(state=_report(board, notice, now).state, message=message, details=details)


def _exclusive(ctx: Context) -> AbstractAsyncContextManager[None]:
    """One change at a time across workers (through the shared cache); storage errors in SDK terms."""
    return exclusive_change(ctx.cache, _PLACE, ttl=_LOCK_TTL, wait=_LOCK_WAIT)


def _store_errors() -> AbstractContextManager[None]:
    return store_errors(_PLACE)
