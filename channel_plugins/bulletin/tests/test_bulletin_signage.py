"""The screens: the signage page and the JSON Feed list the notices in their posting period, and no others."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from uuid import UUID

from fabu.channels import ChannelContext, PublicationRef
from fabu.channels.testing import FixedClock, sample_release
from fabu_bulletin import BulletinChannel, BulletinConfig

plugin = BulletinChannel()
Context = ChannelContext[BulletinConfig]
DAY = 86_400


def feed(board_root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((board_root / "notices.json").read_text("utf-8"))
    return loaded


async def publish_two(ctx: Context) -> tuple[Any, Any]:
    short = sample_release(release_id=UUID(int=1), title="关于停水的通知", variant={"posting_days": 3})
    long = sample_release(release_id=UUID(int=2), title="关于做好2025年政务公开工作的通知")
    for release in (short, long):
        await plugin.publish(ctx, release)
    return short, long


async def test_the_feed_lists_the_notices_in_their_posting_period(channel_context: Context, board_root: Path) -> None:
    await publish_two(channel_context)

    current = feed(board_root)

    assert current["version"] == "https://jsonfeed.org/version/1.1"
    assert current["feed_url"] == "https://www.example.gov.cn/bulletin/notices.json"
    assert {item["title"] for item in current["items"]} == {"关于停水的通知", "关于做好2025年政务公开工作的通知"}
    item = next(i for i in current["items"] if i["title"] == "关于停水的通知")
    assert item["_posting"] == {"start": "2025-03-01", "end": "2025-03-03", "remove_after": "2025-03-04T00:00:00+08:00"}
    assert item["url"] == "https://www.example.gov.cn/zwgk/2025/0301/a1.html"
    assert [a["mime_type"] for a in item["attachments"]] == ["application/pdf", "application/pdf"]


async def test_the_daily_upkeep_drops_notices_whose_period_ended_from_the_screens(
    channel_context: Context, board_root: Path, clock: FixedClock
) -> None:
    await publish_two(channel_context)
    clock.advance(5 * DAY)

    report = await plugin.upkeep(channel_context)

    assert report.summary == {"on_screen": 1, "to_post": 1, "due_for_removal": 1}

    assert [item["title"] for item in feed(board_root)["items"]] == ["关于做好2025年政务公开工作的通知"]
    assert "关于停水的通知" not in (board_root / "signage.html").read_text("utf-8")


async def test_a_withdrawn_notice_leaves_the_screens_at_once(channel_context: Context, board_root: Path) -> None:
    short, _ = await publish_two(channel_context)

    await plugin.retract(channel_context, PublicationRef.for_release(short))

    assert "关于停水的通知" not in json.dumps(feed(board_root), ensure_ascii=False)
    assert "关于停水的通知" not in (board_root / "signage.html").read_text("utf-8")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.tags: list[str] = []
        self.slides: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if ("class", "slide") in attrs:
            self.slides.append(dict(attrs))


async def test_the_signage_page_is_accessible_and_carries_each_notices_period(
    channel_context: Context, board_root: Path
) -> None:
    await publish_two(channel_context)
    page = _Page()

    page.feed((board_root / "signage.html").read_text("utf-8"))

    assert page.lang == "zh-CN"
    assert page.tags.count("h1") == 1
    assert page.tags.count("h2") == 2
    assert "main" in page.tags
    assert sorted((s["data-start"], s["data-end"]) for s in page.slides) == [
        ("2025-03-01", "2025-03-03"),
        ("2025-03-01", "2025-03-10"),
    ]
    html = (board_root / "signage.html").read_text("utf-8")
    assert 'aria-pressed="false"' in html  # the rotation can be paused (WCAG 2.2.2)
    assert '<svg role="img"' in html
    assert "<title>二维码：关于停水的通知</title>" in html
