"""Fixtures: the bulletin plugin loaded through its entry point, writing its board into a temporary directory.

Rendering a notice needs an embeddable CJK font (Debian ``fonts-wqy-microhei``); without one the
tests that render are skipped, saying so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from fabu.channels import ChannelContext, ChannelPlugin, open_context
from fabu.channels.registry import load_plugin
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia
from fabu_bulletin import BulletinConfig, FontMissingError, find_font

PUBLIC_URL = "https://www.example.gov.cn/bulletin/"


@pytest.fixture
def channel_plugin() -> ChannelPlugin[Any]:
    """The plugin, loaded through its entry point exactly as the platform loads it."""
    return load_plugin("bulletin")


@pytest.fixture
def cjk_font() -> Path:
    """The installed CJK font; skips the test when there is none."""
    try:
        return find_font("auto")[1]
    except FontMissingError as error:
        pytest.skip(f"跳过：需要中文字体 / skipped, needs a CJK font: {error}")


@pytest.fixture
def board_root(tmp_path: Path) -> Path:
    """The sample tenant's board files, as a static host would serve them."""
    return tmp_path / "sites" / str(SAMPLE_TENANT_ID) / "bulletin"


@pytest.fixture
def channel_config(tmp_path: Path) -> BulletinConfig:
    return BulletinConfig(
        unit_name="示例市人民政府办公室",
        unit_name_en="General Office, Example Municipal Government",
        public_url=PUBLIC_URL,
        directory=str(tmp_path / "sites"),
        posting_days=10,
        rotate_seconds=5,
        s3_secret_key="never-shown-secret",  # type: ignore[arg-type]
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest_asyncio.fixture
async def channel_context(
    channel_config: BulletinConfig, channel_media: InMemoryMedia, clock: FixedClock, cjk_font: Path
) -> AsyncIterator[ChannelContext[BulletinConfig]]:
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="bulletin",
        clock=clock,
    ) as ctx:
        yield ctx
