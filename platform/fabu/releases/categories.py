"""The unit's disclosure catalogue (信息公开目录): the categories a release is filed under."""

from __future__ import annotations

import re
import uuid
from uuid import UUID

from fabu.db.engine import DB
from fabu.errors import CommonErrorCode, FabuError, not_found
from fabu.releases.validation import clean_text

CATEGORY_CODE = re.compile(r"^[^\s/\\]{1,64}$")
"""Units name catalogue categories in Chinese (政策解读) as often as by code; only spaces and slashes are refused."""


async def create_category(tenant_id: UUID, code: str, name: str, parent_id: UUID | None = None) -> UUID:
    """Add a category to the catalogue, under ``parent_id`` when given. Codes are unique in a unit."""
    code = code.strip()
    if not CATEGORY_CODE.match(code):
        raise FabuError(
            CommonErrorCode.INVALID,
            "目录代码须为 1-64 个字符，不含空格或斜杠",
            "a category code must be 1-64 characters without spaces or slashes",
            field="code",
        )
    name = clean_text(name, "name", "目录名称", "category name", 200, required=True)
    if parent_id is not None and await DB.fetchrow("select 1 from disclosure_categories where id = $1", parent_id) is None:
        raise not_found("上级目录", "parent category", field="parentId")
    if await DB.fetchrow("select 1 from disclosure_categories where code = $1", code):
        raise FabuError(CommonErrorCode.DUPLICATE, f"目录代码 {code} 已存在", f"category code {code} already exists", field="code")
    category_id = uuid.uuid4()
    await DB.fetch(
        "insert into disclosure_categories (id, tenant_id, parent_id, code, name) values ($1, $2, $3, $4, $5)",
        category_id,
        tenant_id,
        parent_id,
        code,
        name,
    )
    return category_id
