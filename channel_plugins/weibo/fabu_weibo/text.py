"""The post's text and picture, and the findings a release gets against ``statuses/share``'s rules.

``statuses/share`` takes a text of at most 140 Chinese characters that contains no ``#topic#`` and
at least one link under a safe domain bound to the app; this plugin links to the release's portal
page. The text is ``【title】`` then the editor's ``variant["weibo_text"]`` (kept whole) or the
summary (shortened with "…" to fit), then the link. Characters are counted one each, ASCII
included: Weibo counts half-width characters as halves and shortens links, so a text that fits
here fits there. One picture may go with the post (JPEG, GIF or PNG, under 5 MB).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from fabu.channels import Attachment, Bilingual, Finding, ReleaseSnapshot, Severity

__all__ = [
    "PICTURE_MAX",
    "PICTURE_TYPES",
    "TEXT_MAX",
    "Post",
    "compose",
    "findings",
    "link_outside",
    "picture_of",
]

TEXT_MAX: Final = 140
"""The text's limit, "不超过140个汉字"."""
PICTURE_TYPES: Final = ("image/jpeg", "image/gif", "image/png")
"""What ``pic`` accepts: "仅支持JPEG、GIF、PNG"."""
PICTURE_MAX: Final = 5 * 1024 * 1024 - 1
"""``pic``'s size: "<5M"."""
_ASSUMED_LINK: Final = 64  # the link's length before the portal has published
_TOPIC: Final = re.compile(r"#[^#\s][^#]*#")
_ELLIPSIS: Final = "…"


@dataclass(frozen=True, slots=True)
class Post:
    """The text to post and whether the summary had to be shortened."""

    text: str
    """The whole status text, link included."""
    shortened: bool
    """Whether the summary was cut to fit."""


def _head(release: ReleaseSnapshot) -> str:
    return f"【{release.title}】"


def _custom(release: ReleaseSnapshot) -> str | None:
    text = release.variant.get("weibo_text")
    return text.strip() if isinstance(text, str) and text.strip() else None


def compose(release: ReleaseSnapshot, link: str | None = None) -> Post:
    """The status text for ``release`` with ``link`` (its portal page unless given)."""
    link = link if link is not None else release.links.get("portal", "")
    tail = f" {link}" if link else ""
    head = _head(release)
    custom = _custom(release)
    if custom is not None:
        return Post(head + custom + tail, shortened=False)
    budget = TEXT_MAX - len(head) - len(tail)
    summary = release.summary.strip()
    if len(summary) <= budget:
        return Post(head + summary + tail, shortened=False)
    cut = summary[: max(budget - 1, 0)] + _ELLIPSIS if budget > 0 else ""
    return Post(head + cut + tail, shortened=True)


def picture_of(release: ReleaseSnapshot) -> Attachment | None:
    """The attachment posted as the picture: the first JPEG, GIF or PNG."""
    return next((a for a in release.attachments if a.content_type in PICTURE_TYPES), None)


def link_outside(link: str, safe_domains: tuple[str, ...]) -> bool:
    """Whether ``link``'s host is outside every bound safe domain (always inside when none are set)."""
    if not safe_domains:
        return False
    host = (urlsplit(link).hostname or "").lower()
    return not any(host == d.lower() or host.endswith("." + d.lower()) for d in safe_domains)


def _finding(field: str, code: str, zh: str, en: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(field=field, code=code, message=Bilingual(zh=zh, en=en), severity=severity)


def findings(release: ReleaseSnapshot) -> list[Finding]:
    """What keeps ``release`` off Weibo, or is worth a warning; the safe-domain check needs the config."""
    found: list[Finding] = []
    if not release.title.strip():
        found.append(_finding("title", "title_required", "标题不能为空", "Title is required"))
    link = release.links.get("portal")
    if not link:
        found.append(
            _finding(
                "links.portal",
                "portal_link_missing",
                "微博须附安全域名下的链接：门户发布后才能发微博",
                "A Weibo post must link to a safe domain: publish to the portal first",
                Severity.WARNING,
            )
        )
    post = compose(release, link or "x" * _ASSUMED_LINK)
    fixed = len(_head(release)) + (len(_custom(release) or "")) + len(link or "x" * _ASSUMED_LINK) + 1
    if fixed > TEXT_MAX:
        field = "variant.weibo_text" if _custom(release) else "title"
        found.append(
            _finding(
                field,
                f"{field.rsplit('.', 1)[-1]}_too_long",
                f"微博正文（标题、文字与链接）共 {fixed} 字，超过上限 {TEXT_MAX} 字",
                f"The post (title, text and link) has {fixed} characters; Weibo allows at most {TEXT_MAX}",
            )
        )
    elif post.shortened:
        found.append(
            _finding(
                "summary",
                "summary_shortened",
                f"摘要将被截短以符合微博 {TEXT_MAX} 字上限",
                f"The summary will be shortened to fit Weibo's {TEXT_MAX} characters",
                Severity.WARNING,
            )
        )
    if _TOPIC.search(post.text):
        found.append(
            _finding(
                "title",
                "topic_not_allowed",
                "分享到微博的文字不能包含“#话题词#”",
                "A shared post may not contain '#topic#'",
            )
        )
    found += _attachment_findings(release)
    return found


def _attachment_findings(release: ReleaseSnapshot) -> list[Finding]:
    picture = picture_of(release)
    found = []
    if picture is not None and picture.size > PICTURE_MAX:
        index = release.attachments.index(picture)
        found.append(
            _finding(
                f"attachments[{index}]",
                "attachment_too_large",
                f"配图“{picture.name}”须小于 5MB",
                f"The picture (attachments[{index}]) must be under 5 MB",
            )
        )
    left = [i for i, a in enumerate(release.attachments) if a is not picture]
    if left:
        found.append(
            _finding(
                "attachments",
                "attachments_not_carried",
                "微博只带一张配图，其余附件不会出现，读者可经链接到门户查看",
                f"A Weibo post carries one picture; {', '.join(f'attachments[{i}]' for i in left)} will not appear",
                Severity.WARNING,
            )
        )
    return found
