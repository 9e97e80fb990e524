"""How dates, sizes, file types and labels read on the pages: Chinese first, English beside it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Final

__all__ = [
    "CHINA",
    "LABELS",
    "en_date",
    "file_type",
    "human_size",
    "iso",
    "rfc822",
    "zh_date",
]

CHINA: Final = timezone(timedelta(hours=8), "CST")
"""China Standard Time (UTC+8, no daylight saving): the dates readers see."""

LABELS: Final[dict[str, tuple[str, str]]] = {
    "skip": ("跳到正文", "Skip to content"),
    "home": ("首页", "Home"),
    "nav": ("栏目导航", "Sections"),
    "breadcrumb": ("当前位置", "You are here"),
    "index_number": ("索引号", "Index No."),
    "category": ("主题分类", "Category"),
    "department": ("发布机构", "Issued by"),
    "written_on": ("成文日期", "Date written"),
    "published_at": ("发布日期", "Date published"),
    "document_number": ("文号", "Document No."),
    "title": ("标题", "Title"),
    "metadata": ("信息公开要素", "Disclosure details"),
    "attachments": ("附件", "Attachments"),
    "corrected": ("更正说明", "Correction"),
    "corrected_on": ("本文已于 {date} 更正。", "This article was corrected on {date}."),
    "withdrawn": ("已撤回", "Withdrawn"),
    "withdrawn_on": ("本信息已于 {date} 撤回。", "This information was withdrawn on {date}."),
    "reason": ("撤回原因", "Reason"),
    "withdrawn_body": (
        "原文已不再公开。如有疑问，请联系发布机构。",
        "The original text is no longer published. Please contact the issuing body with any questions.",
    ),
    "latest": ("最新信息", "Latest"),
    "more": ("更多", "More"),
    "empty": ("暂无信息", "Nothing published yet"),
    "pages": ("分页", "Pages"),
    "page_n": ("第 {n} 页", "Page {n}"),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "feeds": ("订阅", "Subscribe"),
    "sitemap": ("网站地图", "Site map"),
    "site_code": ("政府网站标识码", "Government website code"),
    "icp": ("ICP 备案号", "ICP licence"),
    "download": ("下载", "Download"),
}

_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_TYPES: Final = {
    "application/pdf": "PDF 文档",
    "application/msword": "Word 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/vnd.ms-excel": "Excel 表格",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel 表格",
    "application/zip": "ZIP 压缩包",
    "application/ofd": "OFD 文档",
    "text/plain": "文本文件",
    "text/csv": "CSV 表格",
}


def zh_date(value: date | datetime) -> str:
    """``2025年03月01日``, in China time."""
    day = value.astimezone(CHINA).date() if isinstance(value, datetime) else value
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def en_date(value: date | datetime) -> str:
    """``1 March 2025``, in China time."""
    day = value.astimezone(CHINA).date() if isinstance(value, datetime) else value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def iso(value: date | datetime) -> str:
    """ISO 8601, for ``<time datetime>`` and Atom; datetimes in China time."""
    return value.astimezone(CHINA).isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


def rfc822(value: datetime) -> str:
    """The date format of RSS 2.0."""
    return format_datetime(value.astimezone(CHINA))


def human_size(size: int) -> str:
    """``"980 字节"``, ``"12.3 KB"``, ``"1.2 MB"``."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def file_type(content_type: str, name: str) -> str:
    """A reader's name for a file type, e.g. ``"PDF 文档"`` or ``"PNG 图片"``."""
    if content_type in _TYPES:
        return _TYPES[content_type]
    family, _, sub = content_type.partition("/")
    if family == "image":
        return f"{sub.upper()} 图片"
    suffix = name.rpartition(".")[2]
    return f"{suffix.upper()} 文件" if suffix and suffix != name else "文件"
