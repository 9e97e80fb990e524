"""importDocx: a Word file becomes a new release draft, or a new version of an existing release."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.errors import CommonErrorCode, FabuError
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.releases.inputs import department_id, release_id
from fabu.graphql.releases.mutations.payloads import saved_release
from fabu.graphql.releases.support import tenant_objects, upload_limit
from fabu.graphql.releases.types import ReleaseType
from fabu.releases import docx_import
from fabu.releases.uploads import DOCX_CONTENT_TYPE, read_upload
from fabu.tenancy.roles import Role


@strawberry.input(description="新稿件给 leadDepartmentId；新版本给 releaseId 和 expectedVersion / "
                  "a new release needs leadDepartmentId; a new version needs releaseId and expectedVersion")
class ImportDocxInput:
    file_name: str
    content_base64: str = strawberry.field(description=".docx 文件（base64），大小有上限 / the .docx file as base64, size-limited")
    lead_department_id: relay.GlobalID | None = None
    release_id: relay.GlobalID | None = None
    expected_version: int | None = None


@strawberry.type
class ImportDocxPayload:
    release: ReleaseType | None
    messages: list[str] = strawberry.field(description="转换说明（如未识别的样式）/ conversion notes such as unknown styles")
    errors: list[UserError]


@strawberry.mutation(description="导入 Word 稿件 / import a Word (.docx) draft", extensions=requires(Role.DRAFTER))
async def import_docx(info: Info, input: ImportDocxInput) -> ImportDocxPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[ReleaseType, list[str]]:
        upload = read_upload(input.file_name, input.content_base64, DOCX_CONTENT_TYPE, upload_limit(info.context.settings))
        objects = tenant_objects(info)
        if input.release_id is not None:
            release = release_id(input.release_id, "releaseId")
            imported = await docx_import.import_docx_version(viewer, upload, release, input.expected_version, objects)
        elif input.lead_department_id is not None:
            lead = department_id(input.lead_department_id, "leadDepartmentId")
            imported = await docx_import.import_new_docx(viewer, upload, lead, objects)
        else:
            raise FabuError(
                CommonErrorCode.REQUIRED,
                "新稿件须指定牵头部门（或指定要更新的稿件）",
                "a new release needs a lead department (or name the release to update)",
                field="leadDepartmentId",
            )
        return await saved_release(info, imported.saved.release_id), list(imported.messages)

    audited = {
        "releaseId": str(input.release_id), "leadDepartmentId": str(input.lead_department_id),
        "fileName": input.file_name, "base64Length": len(input.content_base64),
    }  # fmt: skip
    outcome = await mutate(info, "releases.import_docx", audited, work, lambda r: ("Release", r[0].id))
    release, messages = outcome.value if outcome.value else (None, [])
    return ImportDocxPayload(release=release, messages=messages, errors=outcome.errors)
