"""The config: its settings form, where it writes each tenant's site, and the preview."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from pydantic import ValidationError

from fabu.channels.testing import sample_release
from fabu_portal import DirectorySiteStore, PortalChannel, PortalConfig, S3SiteStore, site_store

TENANT = UUID("0b0b0b0b-0000-4000-8000-000000000001")


def test_the_settings_form_marks_the_s3_secret_and_requires_a_site_name() -> None:
    schema = PortalChannel().config_schema()

    assert schema["required"] == ["site_name"]
    assert schema["properties"]["s3_secret_key"]["secret"] is True
    assert schema["properties"]["s3_secret_key"]["writeOnly"] is True
    assert schema["properties"]["site_url"]["description"].startswith("网站地址")


def test_each_tenant_gets_its_own_folder_and_address_by_default(tmp_path: Path) -> None:
    config = PortalConfig(site_name="示例", directory=str(tmp_path))

    store = site_store(config, TENANT)

    assert isinstance(store, DirectorySiteStore)
    assert store.root == tmp_path / str(TENANT)
    assert config.site_url_for(TENANT) == f"http://127.0.0.1:8000/sites/{TENANT}/"


def test_s3_storage_uses_the_prefix_in_the_bucket() -> None:
    config = PortalConfig(
        site_name="示例",
        storage="s3",
        s3_endpoint="https://minio.example.gov.cn:9000",
        s3_bucket="www",
        prefix="portal/{tenant_id}",
    )

    assert isinstance(site_store(config, TENANT), S3SiteStore)
    assert config.prefix_for(TENANT) == f"portal/{TENANT}/"


@pytest.mark.parametrize(
    "fields",
    [
        {"storage": "s3"},
        {"storage": "s3", "s3_endpoint": "minio:9000", "s3_bucket": "www"},
        {"prefix": "../{tenant_id}/"},
        {"prefix": "/abs/"},
        {"site_url": "www.example.gov.cn"},
    ],
)
def test_unusable_settings_are_refused_with_a_bilingual_message(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match=" / "):
        PortalConfig(site_name="示例", **fields)  # type: ignore[arg-type]


def test_the_preview_is_the_article_page_with_its_styles_inlined() -> None:
    preview = PortalChannel().render(sample_release())

    assert "<style>" in preview.html
    assert "<h1>关于做好2025年政务公开工作的通知</h1>" in preview.html
    assert preview.text.startswith("关于做好2025年政务公开工作的通知")
