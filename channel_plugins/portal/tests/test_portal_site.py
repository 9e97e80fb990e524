"""What publishing, correcting and withdrawing do to the site's pages, indexes, feeds and records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from fabu.channels import (
    ChannelContext,
    PublicationRef,
    PublicationState,
    RetryableChannelError,
    TerminalChannelError,
    open_context,
)
from fabu.channels.testing import SAMPLE_TENANT_ID, InMemoryMedia, sample_release
from fabu_portal import PortalChannel, PortalConfig

plugin = PortalChannel()
Context = ChannelContext[PortalConfig]


def read(root: Path, key: str) -> str:
    return (root / key).read_text("utf-8")


def article_key(release: Any) -> str:
    return f"articles/{release.release_id}.html"


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def category_page(root: Path, title: str) -> str:
    """The text of the category index page whose h1 is ``title``."""
    for page in sorted((root / "categories").glob("*/index.html")):
        text = page.read_text("utf-8")
        if f"<h1>{title}</h1>" in text:
            return text
    raise AssertionError(f"no index page for {title}")


async def test_publishing_writes_the_page_and_every_index_that_lists_it(
    channel_context: Context, site_root: Path
) -> None:
    release = sample_release()

    receipt = await plugin.publish(channel_context, release)

    assert receipt.state is PublicationState.PUBLISHED
    assert receipt.url == f"https://www.example.gov.cn/{article_key(release)}"
    assert release.title in read(site_root, article_key(release))
    for key in ("index.html", "feed.xml", "atom.xml", "sitemap.xml"):
        assert article_key(release) in read(site_root, key), key
    assert article_key(release) in category_page(site_root, "通知公告")
    assert (site_root / "assets/site.css").is_file()
    assert "Sitemap: https://www.example.gov.cn/sitemap.xml" in read(site_root, "robots.txt")


async def test_the_article_page_shows_the_disclosure_metadata_and_attachments(demo_site: Any) -> None:
    page = read(demo_site.root, article_key(demo_site.notice))

    for text in (
        "索引号",
        "000014349/2025-00012",
        "主题分类",
        "通知公告",
        "发布机构",
        "办公室",
        "文号",
        "示政办发〔2025〕3号",
        "成文日期",
        "2025年02月27日",
        "发布日期",
        "2025年03月01日",
        "2025年政务公开工作要点.pdf",
        "PDF 文档，1.6 KB",
        "PNG 图片，69 字节",
    ):
        assert text in page, text
    assert '<meta name="ArticleTitle" content="关于做好2025年政务公开工作的通知">' in page


async def test_attachments_are_copied_onto_the_site_by_content(demo_site: Any) -> None:
    files = sorted(path.name for path in (demo_site.root / "files").iterdir())

    assert [name.rsplit(".", 1)[1] for name in files] == ["pdf", "png"]
    for attachment in demo_site.notice.attachments:
        assert (demo_site.root / "files" / f"{attachment.sha256}.{attachment.name.rsplit('.', 1)[1]}").is_file()


async def test_a_correction_shows_a_dated_notice_and_keeps_the_first_publication_date(demo_site: Any) -> None:
    page = read(demo_site.root, article_key(demo_site.corrected))

    assert "更正说明" in page
    assert "本文已于 2025年03月02日 更正。" in page
    assert "更正了调整日期。" in page
    assert "自3月5日起" in page
    assert "2025年02月27日" in page  # first published, unchanged by the correction


async def test_a_withdrawn_article_shows_a_notice_instead_of_a_404_and_leaves_every_index(
    demo_site: Any,
) -> None:
    key = article_key(demo_site.withdrawn)
    page = read(demo_site.root, key)

    assert "已撤回" in page
    assert "本信息已于 2025年03月02日 撤回。" in page
    assert "撤回原因" in page
    assert "施工计划调整，另行通告。" in page
    assert "为进一步做好政务公开工作" not in page  # the body is gone
    for index in ("index.html", "feed.xml", "atom.xml", "sitemap.xml"):
        assert key not in read(demo_site.root, index), index
    assert "通告</a>" not in read(demo_site.root, "index.html")  # its now-empty category left the navigation


async def test_withdrawing_deletes_attachments_that_no_listed_article_uses(
    channel_context: Context, channel_media: InMemoryMedia, site_root: Path
) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)
    assert list((site_root / "files").iterdir())

    report = await plugin.retract(channel_context, PublicationRef.for_release(release))

    assert report.state is PublicationState.RETRACTED
    assert list((site_root / "files").iterdir()) == []
    assert "已撤回" in read(site_root, article_key(release))


async def test_a_long_category_is_paginated(demo_site: Any) -> None:
    first = category_page(demo_site.root, "通知公告")
    folder = next(
        p.parent for p in (demo_site.root / "categories").glob("*/index.html") if p.read_text("utf-8") == first
    )

    assert first.count('<li><a href="../../articles/') == 5
    assert 'href="2.html" rel="next"' in first
    second = (folder / "2.html").read_text("utf-8")
    assert second.count('<li><a href="../../articles/') == 3
    assert 'href="index.html" rel="prev"' in second


async def test_a_category_that_shrinks_drops_its_surplus_index_pages(demo_site: Any, channel_context: Context) -> None:
    folder = next(p.parent for p in (demo_site.root / "categories").glob("*/2.html"))

    for release_id in (demo_site.notice.release_id, demo_site.corrected.release_id, UUID(int=0xA00A)):
        await plugin.retract(
            channel_context, PublicationRef(release_id=release_id, tenant_id=SAMPLE_TENANT_ID, title="")
        )

    assert sorted(p.name for p in folder.iterdir()) == ["index.html"]


async def test_publishing_the_same_release_again_changes_nothing(channel_context: Context, site_root: Path) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)
    before = snapshot(site_root)

    await plugin.publish(channel_context, release)

    assert snapshot(site_root) == before


async def test_a_repeated_publish_after_a_correction_keeps_the_correction_notice(
    channel_context: Context, site_root: Path
) -> None:
    release = sample_release(variant={"correction_note": "更正了日期。"})
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)
    await plugin.update(channel_context, release, ref)

    await plugin.publish(channel_context, release)  # e.g. the publish job, run again by the queue

    assert "更正了日期。" in read(site_root, article_key(release))


async def test_status_finds_the_article_by_release_id_alone(channel_context: Context) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    assert (await plugin.status(channel_context, ref)).state is PublicationState.NOT_FOUND

    await plugin.publish(channel_context, release)
    found = await plugin.status(channel_context, ref)

    assert found.state is PublicationState.PUBLISHED
    assert found.external_ids == {"path": article_key(release)}
    await plugin.retract(channel_context, ref)
    assert (await plugin.status(channel_context, ref)).state is PublicationState.RETRACTED


async def test_rebuild_restores_an_article_that_a_lost_manifest_update_left_out(
    channel_context: Context, site_root: Path
) -> None:
    first, second = sample_release(), sample_release(release_id=UUID(int=7), title="第二篇")
    await plugin.publish(channel_context, first)
    stale_manifest = (site_root / "_fabu/manifest.json").read_bytes()
    await plugin.publish(channel_context, second)
    (site_root / "_fabu/manifest.json").write_bytes(stale_manifest)  # a concurrent writer's old copy won

    report = await plugin.status(channel_context, PublicationRef.for_release(second))
    assert report.state is PublicationState.PUBLISHED
    assert "未编入索引" in report.message

    assert await plugin.rebuild(channel_context) == 2
    manifest = json.loads((site_root / "_fabu/manifest.json").read_text())
    assert {a["title"] for a in manifest["articles"]} == {first.title, "第二篇"}
    assert article_key(second) in read(site_root, "index.html")
    assert (await plugin.status(channel_context, PublicationRef.for_release(second))).message == ""


async def test_an_attachment_that_differs_from_the_approved_one_is_refused(
    channel_context: Context, channel_media: InMemoryMedia
) -> None:
    release = sample_release()
    channel_media.objects[release.attachments[0].key] = b"tampered"

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, release)

    assert caught.value.code == "attachment_changed"


async def test_a_withdrawn_article_cannot_be_corrected(channel_context: Context) -> None:
    release = sample_release()
    ref = PublicationRef.for_release(release)
    await plugin.publish(channel_context, release)
    await plugin.retract(channel_context, ref)

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.update(channel_context, release, ref)

    assert caught.value.code == "retracted"


async def test_the_body_is_sanitized_again_before_it_goes_public(channel_context: Context, site_root: Path) -> None:
    release = sample_release(body_html='<p onclick="steal()">正文</p><script>steal()</script>')

    await plugin.publish(channel_context, release)

    page = read(site_root, article_key(release))
    assert "<p>正文</p>" in page
    assert "steal" not in page


async def test_an_unwritable_site_is_a_retryable_failure(
    channel_config: PortalConfig, channel_media: InMemoryMedia, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the site's folder should be")
    config = channel_config.model_copy(update={"directory": str(blocker)})
    async with open_context(tenant_id=SAMPLE_TENANT_ID, config=config, media=channel_media, channel="portal") as ctx:
        with pytest.raises(RetryableChannelError):
            await plugin.publish(ctx, sample_release())


async def test_a_site_another_worker_is_changing_is_retryable(
    channel_context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fabu_portal._plugin._LOCK_WAIT", 0.05)
    assert channel_context.cache is not None
    await channel_context.cache.add("lock:site", "another-worker", ttl=60)

    with pytest.raises(RetryableChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert caught.value.retry_after == 5.0
    await channel_context.cache.delete("lock:site")
    await plugin.publish(channel_context, sample_release())
