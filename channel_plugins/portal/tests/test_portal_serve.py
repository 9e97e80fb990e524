"""``serve``: what Fabu's development route ``/sites/<tenant>/...`` answers, straight from the store."""

from __future__ import annotations

from typing import Any

import pytest

from fabu.channels.testing import SAMPLE_TENANT_ID
from fabu_portal import PortalConfig, serve, site_store


@pytest.mark.parametrize("path", ["", "/", "index.html", "/index.html"])
async def test_the_site_root_serves_the_home_page(demo_site: Any, channel_config: PortalConfig, path: str) -> None:
    found = await serve(site_store(channel_config, SAMPLE_TENANT_ID), path)

    assert found is not None
    body, content_type = found
    assert content_type == "text/html; charset=utf-8"
    assert "<h1>示例市人民政府</h1>" in body.decode()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("feed.xml", "application/rss+xml; charset=utf-8"),
        ("atom.xml", "application/atom+xml; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("assets/site.css", "text/css; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
    ],
)
async def test_each_file_is_served_with_its_type(
    demo_site: Any, channel_config: PortalConfig, path: str, content_type: str
) -> None:
    found = await serve(site_store(channel_config, SAMPLE_TENANT_ID), path)

    assert found is not None
    assert found[1] == content_type


async def test_an_attachment_is_served_with_its_type(demo_site: Any, channel_config: PortalConfig) -> None:
    pdf = demo_site.notice.attachments[0]

    found = await serve(site_store(channel_config, SAMPLE_TENANT_ID), f"files/{pdf.sha256}.pdf")

    assert found is not None
    assert found[1] == "application/pdf"
    assert found[0].startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    ["_fabu/manifest.json", "../other-tenant/index.html", "articles/../../x", "missing.html", "articles\\a.html"],
)
async def test_records_traversal_and_missing_files_are_not_found(
    demo_site: Any, channel_config: PortalConfig, path: str
) -> None:
    assert await serve(site_store(channel_config, SAMPLE_TENANT_ID), path) is None
