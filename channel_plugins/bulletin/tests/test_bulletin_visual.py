"""What people see: the notice rendered to an image as a printer would, and the signage page in a browser.

Rendering the PDF needs ``pdftoppm`` (Debian ``poppler-utils``); the signage tests need headless
Chromium (Debian ``chromium``). Without them these tests are skipped, saying so. Set
``FABU_SCREENSHOT_DIR`` to keep the images.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from fabu.channels import ChannelContext, open_context
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia, sample_release
from fabu_bulletin import BulletinChannel, BulletinConfig

plugin = BulletinChannel()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None,
    reason="未安装 pdftoppm，跳过 PDF 渲染测试（apt-get install poppler-utils）/ pdftoppm is not installed (apt-get install poppler-utils); PDF rendering skipped",
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="未安装 Chromium，跳过浏览器测试（apt-get install chromium）/ Chromium is not installed (apt-get install chromium); browser tests skipped",
)


def keep(path: Path) -> None:
    if target := os.environ.get("FABU_SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@needs_pdftoppm
@pytest.mark.parametrize(("paper", "ratio"), [("A4", 297 / 210), ("A3", 420 / 297)])
async def test_the_notice_renders_as_a_portrait_page_of_its_paper(
    channel_context: ChannelContext[BulletinConfig], board_root: Path, tmp_path: Path, paper: str, ratio: float
) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)

    image = to_png(board_root / "notices" / str(release.release_id) / f"notice-{paper.lower()}.pdf", tmp_path)

    width, height = png_size(image)
    assert abs(height / width - ratio) < 0.01
    assert abs(width - {"A4": 595, "A3": 842}[paper]) <= 1  # 72 dpi: one pixel per point
    keep(image)


def to_png(pdf: Path, tmp_path: Path) -> Path:
    """The PDF's first page as a 72-dpi PNG named after the paper."""
    image = tmp_path / f"bulletin-{pdf.stem}"
    subprocess.run([str(PDFTOPPM), "-r", "72", "-png", "-singlefile", str(pdf), str(image)], check=True)
    return image.with_suffix(".png")


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.fixture
async def signage(
    channel_config: BulletinConfig, channel_media: InMemoryMedia, board_root: Path, cjk_font: Path
) -> Path:
    """A signage page rendered yesterday (real time): two notices still current today, one that ended yesterday."""
    yesterday = datetime.now(UTC) - timedelta(days=1)
    day = (yesterday + timedelta(hours=8)).date()
    notices = [
        ("关于做好2025年政务公开工作的通知", {"posting_days": 10}),
        ("关于停水的通知", {"posting_days": 2}),
        (
            "关于已结束活动的公告",
            {"posting_start": (day - timedelta(days=3)).isoformat(), "posting_end": day.isoformat()},
        ),
    ]
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="bulletin",
        clock=FixedClock(yesterday),
    ) as ctx:
        for number, (title, variant) in enumerate(notices):
            await plugin.publish(
                ctx, sample_release(release_id=UUID(int=number + 1), title=title, published_at=None, variant=variant)
            )
    return board_root / "signage.html"


@needs_chromium
def test_the_screen_shows_one_current_notice_at_a_time_and_hides_expired_ones(signage: Path, tmp_path: Path) -> None:
    assert "关于已结束活动的公告" in signage.read_text("utf-8")  # rendered yesterday, when it was current

    dom = chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", signage.as_uri())

    slides = re.findall(r'<article class="slide"([^>]*)>\s*<div class="text">\s*<h2[^>]*>([^<]+)</h2>', dom)
    shown = [title for attributes, title in slides if "hidden" not in attributes]
    assert len(shown) == 1
    assert shown[0] in {"关于做好2025年政务公开工作的通知", "关于停水的通知"}
    assert '<span id="counter" class="counter">1 / 2</span>' in dom
    assert '<div class="controls">' in dom  # the pause control is shown once rotation runs


@needs_chromium
def test_a_screenshot_of_the_signage_screen(signage: Path, tmp_path: Path) -> None:
    path = tmp_path / "bulletin-signage.png"

    chromium(
        tmp_path, "--window-size=1920,1080", "--virtual-time-budget=2000", f"--screenshot={path}", signage.as_uri()
    )

    assert png_size(path) == (1920, 1080)
    keep(path)
