"""What a reader sees, in a real browser: headless Chromium opens the pages a static host serves.

A probe page loads each site page in a same-origin frame of a given width, then records what the
browser computed: the visible text, the headings, whether the page needs horizontal scrolling
(WCAG 1.4.10: none at 320 CSS px, i.e. 400 % zoom of a 1280 px window) and where the skip link
sits before and after it takes focus. Set ``FABU_SCREENSHOT_DIR`` to keep the screenshots.

Without Chromium (Debian's ``chromium``) these tests are skipped, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="未安装 Chromium，跳过浏览器测试（apt-get install chromium）/ Chromium is not installed (apt-get install chromium); browser tests skipped",
)

PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>
<iframe id="page" src="%(page)s" style="width:%(width)dpx;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("page").addEventListener("load", () => {
  const frame = document.getElementById("page");
  const doc = frame.contentDocument, win = frame.contentWindow;
  const skip = doc.querySelector(".skip-link");
  const hiddenTop = skip.getBoundingClientRect().bottom;
  skip.focus();
  const focusedTop = skip.getBoundingClientRect().top;
  document.getElementById("out").textContent = JSON.stringify({
    lang: doc.documentElement.lang,
    title: doc.title,
    text: doc.body.innerText,
    headings: [...doc.querySelectorAll("h1, h2, h3")].map(h => h.tagName + ":" + h.innerText),
    overflow: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
    skipHiddenBottom: hiddenTop,
    skipFocusedTop: focusedTop,
    skipFocusedBackground: win.getComputedStyle(skip).backgroundColor,
    active: doc.activeElement === skip,
  });
});
</script></body></html>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
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
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def look(static_host: str, demo_site: Any, tmp_path: Path, page: str, width: int = 1024) -> dict[str, Any]:
    """What the browser computed for ``page`` shown ``width`` CSS pixels wide."""
    probe = f"probe-{width}.html"
    (demo_site.root / probe).write_text(PROBE % {"page": page, "width": width}, "utf-8")
    dom = chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", static_host + probe).stdout
    start = dom.index('<pre id="out">') + len('<pre id="out">')
    result: dict[str, Any] = json.loads(unescape(dom[start : dom.index("</pre>", start)]))
    return result


def screenshot(static_host: str, tmp_path: Path, page: str, width: int, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    chromium(tmp_path, f"--window-size={width},1400", f"--screenshot={path}", static_host + page)
    if keep := os.environ.get("FABU_SCREENSHOT_DIR"):
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def article(release: Any) -> str:
    return f"articles/{release.release_id}.html"


def test_a_reader_sees_the_article_its_disclosure_details_and_attachments(
    static_host: str, demo_site: Any, tmp_path: Path
) -> None:
    seen = look(static_host, demo_site, tmp_path, article(demo_site.notice))

    assert seen["lang"] == "zh-CN"
    assert seen["title"] == "关于做好2025年政务公开工作的通知 - 示例市人民政府"
    assert seen["headings"][0] == "H1:关于做好2025年政务公开工作的通知"
    for text in ("索引号", "000014349/2025-00012", "发布机构", "办公室", "成文日期", "2025年02月27日", "附件"):
        assert text in seen["text"], text
    assert "2025年政务公开工作要点.pdf （PDF 文档，1.6 KB）" in seen["text"]


def test_a_reader_of_a_withdrawn_article_sees_the_notice_not_the_text(
    static_host: str, demo_site: Any, tmp_path: Path
) -> None:
    seen = look(static_host, demo_site, tmp_path, article(demo_site.withdrawn))

    assert "已撤回" in seen["text"]
    assert "施工计划调整，另行通告。" in seen["text"]
    assert "原文已不再公开" in seen["text"]


def test_the_home_page_lists_the_latest_articles_by_section(static_host: str, demo_site: Any, tmp_path: Path) -> None:
    seen = look(static_host, demo_site, tmp_path, "index.html")

    assert seen["headings"][:2] == ["H1:示例市人民政府", "H2:最新信息 Latest"]
    assert demo_site.report.title in seen["text"]
    assert demo_site.withdrawn.title not in seen["text"]


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_without_horizontal_scrolling_when_zoomed(
    static_host: str, demo_site: Any, tmp_path: Path, width: int
) -> None:
    for page in ("index.html", article(demo_site.notice), "categories/" + _first_category(demo_site)):
        assert look(static_host, demo_site, tmp_path, page, width)["overflow"] <= 0, page


def test_the_skip_link_is_hidden_until_it_takes_focus_and_then_stands_out(
    static_host: str, demo_site: Any, tmp_path: Path
) -> None:
    seen = look(static_host, demo_site, tmp_path, article(demo_site.notice))

    assert seen["skipHiddenBottom"] < 0  # off-screen before focus
    assert seen["active"]
    assert seen["skipFocusedTop"] >= 0  # on screen once focused
    assert seen["skipFocusedBackground"] == "rgb(255, 221, 0)"


@pytest.mark.parametrize(("width", "name"), [(1280, "article-desktop"), (320, "article-zoomed")])
def test_screenshots_of_the_article_page(
    static_host: str, demo_site: Any, tmp_path: Path, width: int, name: str
) -> None:
    path = screenshot(static_host, tmp_path, article(demo_site.notice), width, name)

    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", header[16:20])[0] == width


def _first_category(demo_site: Any) -> str:
    first = sorted((demo_site.root / "categories").glob("*/index.html"))[0]
    return str(first.relative_to(demo_site.root / "categories"))
