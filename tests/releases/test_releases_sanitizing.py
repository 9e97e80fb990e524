"""The body is stored as sanitized HTML: articles keep their structure, scripts and tricks are gone."""

from __future__ import annotations

import pytest

from fabu.releases.sanitize import media_reference, media_references, sanitize_html
from factories import GraphQLClient, UnitFactory
from releases.releases_support import Drafting

IMAGE = media_reference("ab" * 32)


async def test_saving_strips_scripts_event_handlers_and_javascript_links(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    drafting = Drafting(gql, unit, await units.token(unit, "drafter"))

    release = await drafting.created(
        bodyHtml=(
            '<p onclick="steal()" style="color:red">通知<script>alert("x")</script></p>'
            '<img src="x" onerror="alert(1)">'
            '<a href="javascript:alert(1)">点击</a><a href="https://www.gov.cn/">中国政府网</a>'
        )
    )

    body = release["bodyHtml"]
    assert "script" not in body
    assert "alert" not in body
    assert "onclick" not in body
    assert "onerror" not in body
    assert "style" not in body
    assert "javascript:" not in body
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">中国政府网</a>' in body
    assert release["currentVersion"]["number"] == 1


def test_government_article_structure_is_kept() -> None:
    article = (
        "<h2>一、总体要求</h2><p>各单位要<strong>高度重视</strong>，<em>认真落实</em>。</p>"
        '<ol start="2"><li>第二条</li></ol><ul><li>要点</li></ul>'
        '<table><caption>表 1</caption><thead><tr><th scope="col">指标</th></tr></thead>'
        '<tbody><tr><td colspan="2">12.3</td></tr></tbody></table>'
        f'<figure><img src="{IMAGE}" alt="示意图"><figcaption>图 1</figcaption></figure>'
        '<blockquote>引用</blockquote><p>注<sup>1</sup> H<sub>2</sub>O <a href="mailto:office@example.gov.cn">来信</a></p>'
    )
    assert sanitize_html(article) == article.replace('">来信', '" rel="noopener noreferrer">来信')


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="data:text/html,<script>">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="/relative/path">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<img src="https://tracker.example.com/p.gif">', "<img>"),
        ('<p class="x" id="y" data-z="1">t</p>', "<p>t</p>"),
        ("<style>p{color:red}</style><p>t</p>", "<p>t</p>"),
        ("<iframe src='https://e.com'></iframe><p>t</p>", "<p>t</p>"),
        ("<svg><script>alert(1)</script></svg>t", "t"),
        ('<td colspan="2;x">t</td>', "t"),
        ("<!-- comment --><p>t</p>", "<p>t</p>"),
    ],
)
def test_unsafe_markup_is_removed(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


def test_sanitizing_twice_changes_nothing() -> None:
    once = sanitize_html('<p onclick="x">a<b>b<i>c</p><table><tr><td>1</table><img src="' + IMAGE + '" alt="a>b">')
    assert sanitize_html(once) == once
    assert media_references(once) == ["ab" * 32]
