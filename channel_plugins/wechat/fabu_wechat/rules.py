"""WeChat's documented limits for a draft article, and the findings a release gets against them.

``draft/add`` takes a title of at most 32 characters, an author of at most 16, a digest of at most
128, and content (HTML) under 20,000 characters and under 1 MB from which JavaScript is removed;
images in the content must come from ``media/uploadimg`` (JPG/PNG under 1 MB), others are filtered
out; the cover is a permanent ``image`` material (BMP/PNG/JPEG/GIF, at most 10 MB); the "read the
original" URL is at most 1 KB. The README lists where the documentation is vague.
"""

from __future__ import annotations

from typing import Final

from fabu.channels import (
    Attachment,
    Bilingual,
    ChannelLimits,
    Finding,
    ReleaseSnapshot,
    Severity,
    check_limits,
)
from fabu_wechat.body import scan_body, wechat_hosted

__all__ = [
    "AUTHOR_MAX",
    "BODY_IMAGE_MAX",
    "BODY_IMAGE_TYPES",
    "CONTENT_BYTES_MAX",
    "CONTENT_CHARS_MAX",
    "COVER_MAX",
    "COVER_TYPES",
    "DIGEST_MAX",
    "LIMITS",
    "SOURCE_URL_BYTES_MAX",
    "TITLE_MAX",
    "author_of",
    "cover_of",
    "findings",
]

_MIB: Final = 1024 * 1024
TITLE_MAX: Final = 32
"""标题 ≤ 32 characters."""
AUTHOR_MAX: Final = 16
"""作者 ≤ 16 characters."""
DIGEST_MAX: Final = 128
"""摘要 ≤ 128 characters."""
CONTENT_CHARS_MAX: Final = 19_999
"""正文 "必须少于2万字符": fewer than 20,000 characters of HTML."""
CONTENT_BYTES_MAX: Final = _MIB - 1
"""正文 "小于1M": under 1 MB of UTF-8."""
SOURCE_URL_BYTES_MAX: Final = 1024
"""原文地址 "不可超过1 kb"."""
BODY_IMAGE_TYPES: Final = ("image/jpeg", "image/png")
"""What ``media/uploadimg`` accepts."""
BODY_IMAGE_MAX: Final = _MIB - 1
"""``media/uploadimg``: "大小必须在1MB以下"."""
COVER_TYPES: Final = ("image/bmp", "image/png", "image/jpeg", "image/gif")
"""What an ``image`` permanent material may be."""
COVER_MAX: Final = 10 * _MIB
"""``material/add_material`` ``image``: 10 MB."""
URL_ESTIMATE: Final = 160
"""Characters a WeChat image URL takes in the body after rewriting (a generous estimate)."""

LIMITS: Final = ChannelLimits(
    title_max=TITLE_MAX,
    summary_max=DIGEST_MAX,
    body_max=CONTENT_CHARS_MAX,
    media=None,  # attachments are checked below: most are not carried, not refused
)


def author_of(release: ReleaseSnapshot) -> str:
    """The article's author: the editor's ``variant["author"]``, else the publishing department."""
    author = release.variant.get("author")
    return author.strip() if isinstance(author, str) and author.strip() else release.department


def cover_of(release: ReleaseSnapshot) -> Attachment | str | None:
    """The cover: ``variant["cover_image_key"]`` (an attachment, or a bare media key), else the first image attachment."""
    key = release.variant.get("cover_image_key")
    if isinstance(key, str) and key:
        return next((a for a in release.attachments if a.key == key), key)
    return next((a for a in release.attachments if a.content_type in COVER_TYPES), None)


def _error(field: str, code: str, zh: str, en: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(field=field, code=code, message=Bilingual(zh=zh, en=en), severity=severity)


def findings(release: ReleaseSnapshot) -> list[Finding]:
    """Everything that keeps ``release`` out of a WeChat draft, or is worth a warning."""
    found = check_limits(release, LIMITS)
    found += _author_findings(release)
    found += _body_findings(release)
    found += _cover_findings(release)
    found += _attachment_findings(release)
    portal = release.links.get("portal", "")
    if len(portal.encode()) > SOURCE_URL_BYTES_MAX:
        found.append(
            _error(
                "links.portal",
                "source_url_too_long",
                f"原文链接超过 {SOURCE_URL_BYTES_MAX} 字节",
                f"The portal link exceeds {SOURCE_URL_BYTES_MAX} bytes",
            )
        )
    return found


def _author_findings(release: ReleaseSnapshot) -> list[Finding]:
    author = author_of(release)
    if len(author) <= AUTHOR_MAX:
        return []
    field = "variant.author" if release.variant.get("author") else "department"
    return [
        _error(
            field,
            "author_too_long",
            f"作者“{author}”共 {len(author)} 字，超过公众号上限 {AUTHOR_MAX} 字",
            f"Author has {len(author)} characters; WeChat allows at most {AUTHOR_MAX}",
        )
    ]


def _body_findings(release: ReleaseSnapshot) -> list[Finding]:
    scan = scan_body(release.body_html)
    found = []
    if scan.scripts:
        found.append(
            _error(
                "body",
                "body_script_not_allowed",
                f"正文含脚本（{', '.join(sorted(set(scan.scripts)))}），公众号会删除脚本，请先移除",
                f"The body holds script ({', '.join(sorted(set(scan.scripts)))}); WeChat strips scripts, remove them first",
            )
        )
    keys = {a.key: a for a in release.attachments}
    for src in scan.images:
        attachment = keys.get(src)
        if attachment is None and not wechat_hosted(src):
            found.append(
                _error(
                    "body",
                    "body_image_not_uploadable",
                    f"正文图片“{src}”不是本稿附件，公众号会过滤外部图片",
                    "A body image is not an attachment of the release; WeChat filters external images",
                )
            )
        elif attachment is not None:
            found += _body_image_findings(release, attachment)
    rewritten = len(release.body_html) + URL_ESTIMATE * len(scan.images)
    if rewritten > CONTENT_CHARS_MAX:
        found.append(
            _error(
                "body",
                "body_html_too_long",
                f"正文 HTML 约 {rewritten} 字符，须少于 {CONTENT_CHARS_MAX + 1} 字符",
                f"The body's HTML has about {rewritten} characters; WeChat takes fewer than {CONTENT_CHARS_MAX + 1}",
            )
        )
    elif len(release.body_html.encode()) + URL_ESTIMATE * len(scan.images) > CONTENT_BYTES_MAX:
        found.append(
            _error(
                "body",
                "body_html_too_large",
                "正文 HTML 超过 1MB",
                "The body's HTML exceeds 1 MB",
            )
        )
    return found


def _body_image_findings(release: ReleaseSnapshot, image: Attachment) -> list[Finding]:
    field = f"attachments[{release.attachments.index(image)}]"
    if image.content_type not in BODY_IMAGE_TYPES:
        return [
            _error(
                field,
                "body_image_type_not_allowed",
                f"正文图片“{image.name}”须为 JPG 或 PNG",
                f"Body image {field} must be JPG or PNG",
            )
        ]
    if image.size > BODY_IMAGE_MAX:
        return [
            _error(
                field,
                "body_image_too_large",
                f"正文图片“{image.name}”须小于 1MB",
                f"Body image {field} must be under 1 MB",
            )
        ]
    return []


def _cover_findings(release: ReleaseSnapshot) -> list[Finding]:
    cover = cover_of(release)
    if cover is None:
        return [
            _error(
                "variant.cover_image_key",
                "cover_required",
                "公众号图文须有封面图：请上传图片附件或指定封面",
                "A WeChat article needs a cover: attach an image or set the cover",
            )
        ]
    if isinstance(cover, str):
        return []
    field = f"attachments[{release.attachments.index(cover)}]"
    if cover.content_type not in COVER_TYPES:
        return [
            _error(
                field,
                "cover_type_not_allowed",
                f"封面“{cover.name}”须为 BMP、PNG、JPEG 或 GIF",
                f"The cover ({field}) must be BMP, PNG, JPEG or GIF",
            )
        ]
    if cover.size > COVER_MAX:
        return [
            _error(
                field,
                "cover_too_large",
                f"封面“{cover.name}”超过 10MB",
                f"The cover ({field}) exceeds 10 MB",
            )
        ]
    return []


def _attachment_findings(release: ReleaseSnapshot) -> list[Finding]:
    in_body = set(scan_body(release.body_html).images)
    cover = cover_of(release)
    left = [(index, a) for index, a in enumerate(release.attachments) if a.key not in in_body and a is not cover]
    if not left:
        return []
    names = "、".join(a.name for _, a in left)
    fields = ", ".join(f"attachments[{index}]" for index, _ in left)
    return [
        _error(
            "attachments",
            "attachments_not_carried",
            f"公众号文章不能带附件，以下附件不会出现：{names}；读者可经“阅读原文”到门户查看",
            f"WeChat articles carry no attachments; {fields} will not appear; readers reach them via 'read the original'",
            Severity.WARNING,
        )
    ]
