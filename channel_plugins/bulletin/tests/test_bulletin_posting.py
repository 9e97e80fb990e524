"""The paper notice's life: to post, posted (photo), due for removal when its period ends, removed (photo)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from fabu.channels import (
    ChannelContext,
    Proof,
    ProofKind,
    ProofReceipt,
    ProofRejectedError,
    PublicationRef,
    PublicationState,
    Reminder,
    TerminalChannelError,
)
from fabu.channels.testing import SAMPLE_IMAGE, FixedClock, sample_release
from fabu_bulletin import BulletinChannel, BulletinConfig
from fabu_bulletin._period import CHINA

plugin = BulletinChannel()
Context = ChannelContext[BulletinConfig]
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64  # enough of a JPEG for the signature check
DAY = 86_400


async def prove(
    ctx: Context, ref: PublicationRef, kind: ProofKind, photo: bytes, content_type: str, **fields: Any
) -> ProofReceipt:
    return await plugin.proof(ctx, ref, Proof.of(kind, photo, content_type, **fields))


async def reminders(ctx: Context) -> tuple[Reminder, ...]:
    return (await plugin.upkeep(ctx)).reminders


async def test_the_receipt_says_where_to_print_and_when_to_remove(channel_context: Context) -> None:
    release = sample_release()

    receipt = await plugin.publish(channel_context, release)

    assert receipt.state is PublicationState.PUBLISHED
    assert receipt.url == f"https://www.example.gov.cn/bulletin/notices/{release.release_id}/notice-a4.pdf"
    assert receipt.raw["pdf_a3"] == f"https://www.example.gov.cn/bulletin/notices/{release.release_id}/notice-a3.pdf"
    assert (receipt.raw["posting_start"], receipt.raw["posting_end"]) == ("2025-03-01", "2025-03-10")
    assert receipt.raw["remove_after"] == "2025-03-11T00:00:00+08:00"
    assert "missing_glyphs" not in receipt.raw


async def test_a_notice_goes_from_to_post_to_posted_to_due_to_removed(
    channel_context: Context, clock: FixedClock
) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)
    assert "待张贴" in (await plugin.status(channel_context, ref)).message

    receipt = await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg")
    assert (receipt.state, receipt.details["revision"]) == (PublicationState.PUBLISHED, 1)
    assert str(receipt.message) == "已张贴（第1版），应于2025年3月10日后撤下 / posted (revision 1); due for removal after 2025-03-10"
    posted = await plugin.status(channel_context, ref)
    assert (posted.state, posted.message.split(" / ")[0]) == (
        PublicationState.PUBLISHED,
        "张贴中，应于2025年3月10日后撤下",
    )
    assert await reminders(channel_context) == ()

    clock.advance(10 * DAY)  # 2025-03-11 16:00 in China: the period (3/1-3/10) is over
    due = await plugin.status(channel_context, ref)
    assert due.state is PublicationState.PUBLISHED
    assert due.message.startswith("张贴期已于2025年3月10日结束：请撤下并拍照留证")
    (reminder,) = await reminders(channel_context)
    assert (reminder.key, reminder.release_id) == (f"remove:{release.release_id}", release.release_id)
    assert (reminder.due_at, reminder.settled_by) == (datetime(2025, 3, 10, 16, 0, tzinfo=UTC), ProofKind.REMOVED)
    assert reminder.message.zh.startswith("通知《关于做好2025年政务公开工作的通知》张贴期已于2025年3月10日结束")
    assert await reminders(channel_context) == (reminder,)  # the same reminder, run after run, until done

    removed = await prove(channel_context, ref, ProofKind.REMOVED, SAMPLE_IMAGE, "image/png")
    assert removed.state is PublicationState.RETRACTED
    assert (await plugin.status(channel_context, ref)).state is PublicationState.RETRACTED
    assert await reminders(channel_context) == ()


async def test_the_posting_period_comes_from_the_release_when_it_sets_one(channel_context: Context) -> None:
    release = sample_release(variant={"posting_start": "2025-03-03", "posting_end": "2025-03-07"})

    receipt = await plugin.publish(channel_context, release)

    assert (receipt.raw["posting_start"], receipt.raw["posting_end"]) == ("2025-03-03", "2025-03-07")


async def test_an_impossible_posting_period_is_refused(channel_context: Context) -> None:
    release = sample_release(variant={"posting_start": "2025-03-07", "posting_end": "2025-03-03"})

    assert "posting_period_invalid" in [f.code for f in plugin.validate(release)]
    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, release)
    assert caught.value.code == "posting_period_invalid"


async def test_an_updated_notice_must_be_posted_again(channel_context: Context) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)
    await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg")

    receipt = await plugin.update(
        channel_context, release.model_copy(update={"title": "关于做好政务公开工作的补充通知"}), ref
    )

    assert receipt.raw["revision"] == 2
    assert "待张贴" in (await plugin.status(channel_context, ref)).message


async def test_publishing_again_keeps_the_proofs(channel_context: Context) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)
    await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg")

    receipt = await plugin.publish(channel_context, release)

    assert receipt.raw["revision"] == 1
    assert "张贴中" in (await plugin.status(channel_context, ref)).message


async def test_a_withdrawn_notice_is_pending_until_its_removal_is_photographed(channel_context: Context) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)

    report = await plugin.retract(channel_context, ref)

    assert report.state is PublicationState.PENDING
    assert "请撤下纸质通知" in report.message
    (reminder,) = await reminders(channel_context)
    assert "已撤回" in reminder.message.zh
    with pytest.raises(ProofRejectedError) as caught:
        await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg")
    assert caught.value.code == "notice_withdrawn"
    await prove(channel_context, ref, ProofKind.REMOVED, JPEG, "image/jpeg")
    assert (await plugin.status(channel_context, ref)).state is PublicationState.RETRACTED
    assert (await plugin.retract(channel_context, ref)).state is PublicationState.RETRACTED


async def test_withdrawing_deletes_the_pdfs_so_nobody_prints_it_again(
    channel_context: Context, board_root: Path
) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)

    await plugin.retract(channel_context, PublicationRef.for_release(release))

    assert pdfs(board_root) == []


def pdfs(board_root: Path) -> list[Path]:
    return list(board_root.glob("notices/*/*.pdf"))


@pytest.mark.parametrize(
    ("photo", "content_type"),
    [(b"%PDF-1.4", "application/pdf"), (b"not an image", "image/jpeg"), (JPEG, "image/png")],
)
async def test_a_proof_must_be_a_real_photo(channel_context: Context, photo: bytes, content_type: str) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)

    with pytest.raises(ProofRejectedError, match=" / "):
        await prove(channel_context, PublicationRef.for_release(release), ProofKind.POSTED, photo, content_type)


async def test_a_proof_gives_the_ledger_what_the_photo_shows_and_counts_once(channel_context: Context) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)
    ref = PublicationRef.for_release(release)
    taken = datetime(2025, 3, 1, 7, 30, tzinfo=UTC)

    receipt = await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg", taken_at=taken, note=" 一楼大厅公告栏 ")

    assert receipt.details == {
        "kind": "posted",
        "revision": 1,
        "taken_at": "2025-03-01T07:30:00Z",
        "recorded_at": "2025-03-01T08:00:00Z",
        "note": "一楼大厅公告栏",
        "label": "张贴照片 / photo of the posted notice",
    }
    again = await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg", taken_at=taken)
    assert again == receipt  # the same photo twice is recorded once


async def test_a_photo_taken_in_the_future_is_refused(channel_context: Context) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)
    tomorrow = datetime(2025, 3, 2, 8, 0, tzinfo=UTC)

    with pytest.raises(ProofRejectedError) as caught:
        await prove(channel_context, PublicationRef.for_release(release), ProofKind.POSTED, JPEG, "image/jpeg", taken_at=tomorrow)
    assert caught.value.code == "photo_taken_in_future"


def test_the_validation_warns_when_there_is_no_portal_page_for_the_qr_code() -> None:
    findings = {f.code: f.severity.value for f in plugin.validate(sample_release(links={}))}

    assert findings == {"portal_link_missing": "warning", "attachments_not_posted": "warning"}


def test_the_preview_shows_the_notice_and_its_period() -> None:
    preview = plugin.render(sample_release(variant={"posting_days": 5}))

    assert "关于做好2025年政务公开工作的通知" in preview.html
    assert "<svg" in preview.html
    assert preview.text.endswith("张贴期：2025年3月1日至2025年3月5日")
    assert date(2025, 3, 5).isoformat() in preview.html


async def test_a_notice_whose_period_has_begun_is_reminded_to_post_until_its_photo_comes(
    channel_context: Context, clock: FixedClock
) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)

    (reminder,) = await reminders(channel_context)
    assert (reminder.key, reminder.settled_by) == (f"post:{release.release_id}:1", ProofKind.POSTED)
    assert reminder.message.zh == "通知《关于做好2025年政务公开工作的通知》尚未张贴，请张贴并拍照上传（张贴期2025年3月1日至2025年3月10日）"
    assert reminder.message.en == "The notice is not posted yet: post it and upload a photo (posting period 2025-03-01 to 2025-03-10)"
    assert reminder.due_at == release.published_at  # published within its period: post it now
    clock.advance(DAY)
    assert await reminders(channel_context) == (reminder,)  # the same reminder, run after run, until done

    await prove(channel_context, ref, ProofKind.POSTED, JPEG, "image/jpeg")
    assert await reminders(channel_context) == ()

    await plugin.update(channel_context, release.model_copy(update={"title": "关于做好政务公开工作的补充通知"}), ref)
    (again,) = await reminders(channel_context)
    assert again.key == f"post:{release.release_id}:2"  # a new sheet to hang: reminded anew
    assert again.message.zh.startswith("通知《关于做好政务公开工作的补充通知》已更新，请换上新版张贴并拍照上传")


async def test_a_notice_is_not_reminded_to_post_before_its_period_begins(channel_context: Context, clock: FixedClock) -> None:
    release = sample_release(variant={"posting_start": "2025-03-05", "posting_end": "2025-03-07"})
    await plugin.publish(channel_context, release)
    assert await reminders(channel_context) == ()

    clock.advance(4 * DAY)  # 2025-03-05 in China

    (reminder,) = await reminders(channel_context)
    assert reminder.key == f"post:{release.release_id}:1"
    assert reminder.due_at == datetime(2025, 3, 5, tzinfo=CHINA)
