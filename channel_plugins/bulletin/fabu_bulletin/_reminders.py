"""What the daily upkeep reminds people of: to post a notice whose period has begun, and to take down one
whose period is over or that was withdrawn. Each reminder is settled by the matching photo.

The English text names no title: titles are Chinese, and the contract keeps ``en`` free of it (the
reminder carries the release id, so a screen can show the title beside it)."""

from __future__ import annotations

from datetime import datetime, time

from fabu.channels import Bilingual, ProofKind, Reminder
from fabu_bulletin._notice import zh_date
from fabu_bulletin._period import CHINA, today
from fabu_bulletin._records import NoticeRecord, Standing

__all__ = ["standing_reminders"]


def standing_reminders(notices: tuple[NoticeRecord, ...], now: datetime) -> tuple[Reminder, ...]:
    """Every reminder the notices call for at ``now``."""
    found: list[Reminder] = []
    for notice in notices:
        standing = notice.standing(now)
        if standing is Standing.DUE:
            found.append(_take_down(notice))
        elif standing is Standing.TO_POST and notice.period.start <= today(now):
            found.append(_post(notice))
    return tuple(found)


def _post(notice: NoticeRecord) -> Reminder:
    """Post this revision: its period has begun and no photo of it on the board came in.

    Each revision has its own key: an updated notice is a new sheet to hang, reminded anew.
    """
    period_begins = datetime.combine(notice.period.start, time(0), CHINA)
    printed = notice.updated_at or notice.published_at
    again = notice.revision > 1
    return Reminder(
        key=f"post:{notice.release_id}:{notice.revision}",
        release_id=notice.release_id,
        due_at=max(period_begins, printed),
        message=Bilingual(
            zh=f"通知《{notice.title}》{'已更新，请换上新版' if again else '尚未张贴，请'}张贴并拍照上传"
            f"（张贴期{zh_date(notice.period.start)}至{zh_date(notice.period.end)}）",
            en=f"The notice {'was updated: replace the posted sheet' if again else 'is not posted yet: post it'}"
            f" and upload a photo (posting period {notice.period.start} to {notice.period.end})",
        ),
        settled_by=ProofKind.POSTED,
    )


def _take_down(notice: NoticeRecord) -> Reminder:
    """Take it down: withdrawn, or its period is over."""
    withdrawn = notice.withdrawn_at is not None
    due_at = notice.withdrawn_at if notice.withdrawn_at is not None else notice.period.remove_after
    message = (
        Bilingual(
            zh=f"通知《{notice.title}》已撤回，请从公告栏撤下并拍照留证",
            en="The notice was withdrawn: take it off the board and photograph the spot",
        )
        if withdrawn
        else Bilingual(
            zh=f"通知《{notice.title}》张贴期已于{zh_date(notice.period.end)}结束，请撤下并拍照留证",
            en=f"The notice's posting period ended on {notice.period.end}: take it down and photograph the spot",
        )
    )
    return Reminder(
        key=f"remove:{notice.release_id}", release_id=notice.release_id, due_at=due_at, message=message,
        settled_by=ProofKind.REMOVED,
    )
