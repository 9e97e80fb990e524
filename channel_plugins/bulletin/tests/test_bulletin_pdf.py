"""The printed notice: its text, paper sizes, embedded CJK font, page numbers and QR code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import segno
from pypdf import PdfReader

from fabu.channels import ChannelContext, TerminalChannelError
from fabu.channels.testing import sample_release
from fabu_bulletin import BulletinChannel, BulletinConfig, FontMissingError, find_font, qr_matrix

plugin = BulletinChannel()
Context = ChannelContext[BulletinConfig]
PORTAL = "https://www.example.gov.cn/zwgk/2025/0301/a1.html"
POINTS = {"A4": (595, 842), "A3": (842, 1191)}


async def publish(ctx: Context, board_root: Path, **fields: Any) -> dict[str, PdfReader]:
    release = sample_release(**fields)
    await plugin.publish(ctx, release)
    folder = board_root / "notices" / str(release.release_id)
    return {paper: PdfReader(folder / f"notice-{paper.lower()}.pdf") for paper in POINTS}


def text_of(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("paper", list(POINTS))
async def test_the_notice_prints_the_header_title_body_period_on_the_right_paper(
    channel_context: Context, board_root: Path, paper: str
) -> None:
    reader = (await publish(channel_context, board_root))[paper]

    text = text_of(reader)
    for expected in (
        "示例市人民政府办公室",
        "关于做好2025年政务公开工作的通知",
        "为进一步做好政务公开工作，现将有关事项通知如下：一、各单位应于三月底前完成年度报告。",
        "张贴期：2025年3月1日至2025年3月10日",
        "索引号：000014349/2025-00012",
        "第 1 页，共 1 页",
    ):
        assert expected in text.replace("\n", ""), expected
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == POINTS[paper]
    assert reader.metadata is not None
    assert reader.metadata.title == "关于做好2025年政务公开工作的通知"
    assert reader.metadata.author == "示例市人民政府办公室"


async def test_the_cjk_font_is_embedded_as_a_subset(channel_context: Context, board_root: Path) -> None:
    reader = (await publish(channel_context, board_root))["A4"]

    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else None
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        if descriptor is not None and "/FontFile2" in descriptor:
            embedded.append(str(font["/BaseFont"]))
    assert embedded
    assert all("+" in name for name in embedded)  # "ABCDEF+Font": a subset, not the whole font


async def test_a_long_notice_runs_over_numbered_pages(channel_context: Context, board_root: Path) -> None:
    body = "\n".join(
        f"{n}、各单位应当按照要求认真做好政务公开工作，确保信息准确、及时、完整。" * 4 for n in range(1, 30)
    )

    reader = (await publish(channel_context, board_root, body_text=body))["A4"]

    pages = len(reader.pages)
    assert pages > 1
    assert f"第 {pages} 页，共 {pages} 页" in reader.pages[-1].extract_text()


async def test_the_qr_code_links_to_the_portal_page(channel_context: Context, board_root: Path) -> None:
    reader = (await publish(channel_context, board_root))["A4"]

    links = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in reader.pages[0].get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert links == [PORTAL]
    assert qr_matrix(PORTAL) == tuple(tuple(bool(m) for m in row) for row in segno.make(PORTAL, error="m").matrix)


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="需要 pdftoppm 与 zbarimg（apt-get install poppler-utils zbar-tools）/ needs pdftoppm and zbarimg (apt-get install poppler-utils zbar-tools)",
)
@pytest.mark.parametrize("paper", list(POINTS))
async def test_the_printed_qr_code_scans_to_the_portal_page(
    channel_context: Context, board_root: Path, tmp_path: Path, paper: str
) -> None:
    release = sample_release()
    await plugin.publish(channel_context, release)

    scanned = scan(board_root / "notices" / str(release.release_id) / f"notice-{paper.lower()}.pdf", tmp_path)

    assert scanned == PORTAL


def scan(pdf: Path, tmp_path: Path) -> str:
    """Print the PDF to an image at 100 dpi, as a photo of the board would show it, and read its QR code."""
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)  # noqa: S607
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


async def test_without_a_portal_link_the_notice_has_no_qr_code(channel_context: Context, board_root: Path) -> None:
    reader = (await publish(channel_context, board_root, links={}))["A4"]

    assert "/Annots" not in reader.pages[0]
    assert "扫描右侧二维码" not in text_of(reader)


def test_a_missing_font_is_a_clear_bilingual_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        "fabu_bulletin._fonts.CJK_FONTS", {"wqy-microhei": ("fonts-wqy-microhei", tmp_path / "absent.ttc")}
    )

    with pytest.raises(FontMissingError) as caught:
        find_font("auto")

    message = str(caught.value)
    assert "未找到可嵌入的中文字体" in message
    assert "no embeddable CJK font found" in message
    assert "apt-get install fonts-wqy-microhei" in message


async def test_publishing_without_a_font_fails_for_good_with_that_message(
    channel_context: Context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("fabu_bulletin._fonts.CJK_FONTS", {"wqy-microhei": ("fonts-wqy-microhei", tmp_path / "x.ttc")})
    monkeypatch.setattr("fabu_bulletin._fonts._LOADED", {})

    with pytest.raises(TerminalChannelError) as caught:
        await plugin.publish(channel_context, sample_release())

    assert caught.value.code == "font_missing"
    assert "fonts-wqy-microhei" in caught.value.message
