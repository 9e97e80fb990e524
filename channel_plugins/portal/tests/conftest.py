"""Fixtures: the portal plugin loaded through its entry point, writing a site into a temporary directory."""

from __future__ import annotations

import functools
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import pytest_asyncio

from fabu.channels import (
    ChannelContext,
    ChannelPlugin,
    PublicationRef,
    ReleaseSnapshot,
    open_context,
)
from fabu.channels.registry import load_plugin
from fabu.channels.testing import (
    SAMPLE_IMAGE_KEY,
    SAMPLE_TENANT_ID,
    FixedClock,
    InMemoryMedia,
    sample_release,
)
from fabu_portal import PortalChannel, PortalConfig

SITE_URL = "https://www.example.gov.cn/"


@pytest.fixture
def channel_plugin() -> ChannelPlugin[Any]:
    """The plugin, loaded through its entry point exactly as the platform loads it."""
    return load_plugin("portal")


@pytest.fixture
def sites_dir(tmp_path: Path) -> Path:
    """Where the directory store keeps every tenant's site."""
    return tmp_path / "sites"


@pytest.fixture
def site_root(sites_dir: Path) -> Path:
    """The sample tenant's site root: what a static host would serve."""
    return sites_dir / str(SAMPLE_TENANT_ID)


@pytest.fixture
def channel_config(sites_dir: Path) -> PortalConfig:
    return PortalConfig(
        site_name="示例市人民政府",
        site_name_en="Example Municipal Government",
        site_url=SITE_URL,
        site_code="1100000001",
        icp_number="京ICP备00000000号",
        contact="联系电话：010-12345678",
        directory=str(sites_dir),
        page_size=5,
        s3_secret_key="never-shown-secret",  # type: ignore[arg-type]
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest_asyncio.fixture
async def channel_context(
    channel_config: PortalConfig, channel_media: InMemoryMedia, clock: FixedClock
) -> AsyncIterator[ChannelContext[PortalConfig]]:
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="portal",
        clock=clock,
    ) as ctx:
        yield ctx


PDF_KEY = "tenants/sample/attachments/plan.pdf"
PDF_BYTES = b"%PDF-1.4\n% a tiny stand-in for the plan\n" * 40
BODY = (
    "<p>为进一步做好政务公开工作，现将有关事项通知如下。</p>"
    "<h2>一、工作要求</h2><p>各单位应于三月底前完成年度报告，并在门户网站公开。</p>"
    "<h3>（一）报送方式</h3><p>通过政务公开平台报送。</p>"
    "<table><caption>报送时间表</caption><tr><th>事项</th><th>截止日期</th></tr>"
    "<tr><td>年度报告</td><td>3月31日</td></tr></table>"
)


@dataclass(frozen=True)
class DemoSite:
    """A site with several articles: one corrected, one withdrawn, enough of one category to paginate."""

    root: Path
    notice: ReleaseSnapshot
    corrected: ReleaseSnapshot
    withdrawn: ReleaseSnapshot
    report: ReleaseSnapshot


def _release(number: int, **fields: Any) -> ReleaseSnapshot:
    defaults: dict[str, Any] = {
        "release_id": UUID(int=0xA000 + number),
        "published_at": datetime(2025, 3, 1, 9, 0, tzinfo=UTC) - timedelta(days=number),
        "attachments": (),
    }
    return sample_release(**{**defaults, **fields})


@pytest_asyncio.fixture
async def demo_site(
    channel_context: ChannelContext[PortalConfig],
    channel_media: InMemoryMedia,
    site_root: Path,
    clock: FixedClock,
) -> DemoSite:
    """Publish, correct and withdraw the way a unit's week goes; returns the rendered site."""
    plugin = PortalChannel()
    channel_media.objects[PDF_KEY] = PDF_BYTES
    notice = _release(
        0,
        body_html=BODY,
        variant={"document_number": "示政办发〔2025〕3号", "written_date": "2025-02-27"},
        attachments=(
            channel_media.attachment(PDF_KEY, "2025年政务公开工作要点.pdf", "application/pdf"),
            channel_media.attachment(SAMPLE_IMAGE_KEY, "图表.png", "image/png"),
        ),
    )
    report = _release(
        1,
        title="示例市人民政府2024年政府信息公开工作年度报告",
        category="政务公开年报",
        summary="2024年度政府信息公开工作情况。",
    )
    corrected = _release(2, title="关于调整部分公交线路的公告", summary="调整3条公交线路。")
    withdrawn = _release(3, title="关于某道路施工期间交通管制的通告", category="通告")
    others = [_release(10 + n, title=f"关于第{n + 1}批政务服务事项清单的公示") for n in range(6)]
    for release in (notice, report, corrected, withdrawn, *others):
        await plugin.publish(channel_context, release)
    clock.advance(86_400)
    fixed = corrected.model_copy(
        update={
            "body_html": "<p>自3月5日起，12路、15路、21路公交线路调整走向。</p>",
            "variant": {"correction_note": "更正了调整日期。"},
        }
    )
    await plugin.update(channel_context, fixed, PublicationRef.for_release(corrected))
    await plugin.withdraw(channel_context, PublicationRef.for_release(withdrawn), reason="施工计划调整，另行通告。")
    return DemoSite(site_root, notice, fixed, withdrawn, report)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture
def static_host(demo_site: DemoSite) -> Iterator[str]:
    """The demo site served by a plain static file server, as any web host would serve it; its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site.root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()
