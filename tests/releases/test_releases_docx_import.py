"""Units write in Word: importing a .docx makes a draft (or a new version) with its images and original."""

from __future__ import annotations

import hashlib

from fabu.releases.docx_convert import convert_docx
from fabu.services import Services
from fabu.storage import TenantObjects
from factories import GraphQLClient, UnitFactory
from releases.releases_support import Drafting, build_docx, department, png_bytes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def test_importing_a_word_file_makes_a_draft_with_title_body_images_and_the_original(
    gql: GraphQLClient, units: UnitFactory, services: Services
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    image = png_bytes()
    original = build_docx(
        heading="关于做好 2026 年春运工作的通知", paragraphs=("各区县人民政府：", "现将有关事项通知如下。"), image=image
    )

    payload = await drafting.import_docx(original, "春运通知.docx", leadDepartmentId=department(unit))

    assert payload["errors"] == []
    release = payload["release"]
    assert release["title"] == "关于做好 2026 年春运工作的通知"
    assert release["bodyHtml"].startswith("<p>各区县人民政府：</p><p>现将有关事项通知如下。</p>")
    assert "<h1>" not in release["bodyHtml"]
    assert release["currentVersion"]["kind"] == "IMPORTED"
    [media] = release["bodyMedia"]
    assert media["sha256"] == hashlib.sha256(image).hexdigest()
    assert f'<img src="{media["src"]}"' in release["bodyHtml"]
    objects = TenantObjects(services.store, unit.id)
    assert await objects.get(TenantObjects.content_key(media["sha256"])) == image
    [attachment] = release["attachments"]
    assert (attachment["name"], attachment["contentType"]) == ("春运通知.docx", DOCX_TYPE)
    assert attachment["sha256"] == hashlib.sha256(original).hexdigest()
    assert await objects.get(TenantObjects.content_key(attachment["sha256"])) == original


async def test_importing_into_an_existing_release_makes_a_new_version_and_replaces_the_original(
    gql: GraphQLClient, units: UnitFactory
) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))
    first = await drafting.import_docx(build_docx(heading="第一稿", paragraphs=("旧正文。",)), leadDepartmentId=department(unit))
    release = first["release"]
    edited = await drafting.updated(release, channels=["portal"])

    second = await drafting.import_docx(
        build_docx(heading="第二稿", paragraphs=("新正文。",)), releaseId=release["id"], expectedVersion=edited["lockVersion"]
    )
    stale = await drafting.import_docx(
        build_docx(paragraphs=("再改。",)), releaseId=release["id"], expectedVersion=edited["lockVersion"]
    )

    updated = second["release"]
    assert (updated["title"], updated["bodyHtml"]) == ("第二稿", "<p>新正文。</p>")
    assert updated["currentVersionNumber"] == 3
    assert updated["channels"] == ["portal"]
    assert len(updated["attachments"]) == 1
    assert updated["attachments"][0]["sha256"] != release["attachments"][0]["sha256"]
    assert stale["errors"][0]["code"] == "CONFLICT"


def test_the_title_comes_from_the_first_heading_then_the_core_title_then_the_first_paragraph() -> None:
    from_heading = convert_docx(build_docx(heading="标题甲", paragraphs=("正文。",), core_title="核心标题"), "a.docx")
    from_core = convert_docx(build_docx(paragraphs=("第一段。", "第二段。"), core_title="核心标题"), "b.docx")
    from_paragraph = convert_docx(build_docx(paragraphs=("第一段作标题", "正文。")), "c.docx")
    from_name = convert_docx(build_docx(), "文件名作标题.docx")

    assert (from_heading.title, from_heading.body_html) == ("标题甲", "<p>正文。</p>")
    assert (from_core.title, from_core.body_html) == ("核心标题", "<p>第一段。</p><p>第二段。</p>")
    assert (from_paragraph.title, from_paragraph.body_html) == ("第一段作标题", "<p>正文。</p>")
    assert from_name.title == "文件名作标题"


async def test_a_file_that_is_not_a_word_document_is_refused_clearly(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))

    payload = await drafting.import_docx(b"%PDF-1.7 not a docx", "x.docx", leadDepartmentId=department(unit))
    no_department = await drafting.import_docx(build_docx(paragraphs=("正文",)))

    assert payload["release"] is None
    assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == ("contentBase64", "INVALID_FILE")
    assert "Word" in payload["errors"][0]["message"]
    assert no_department["errors"][0]["field"] == "leadDepartmentId"
