"""addAttachment: attach a file (sent as base64) to a release; the original goes to the object store."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.graphql.releases.attachment_type import ReleaseAttachmentType
from fabu.graphql.releases.inputs import release_id
from fabu.graphql.releases.mutations.payloads import saved_release
from fabu.graphql.releases.support import tenant_objects, upload_limit
from fabu.graphql.releases.types import ReleaseType
from fabu.releases import attachments
from fabu.releases.uploads import read_upload


@strawberry.input
class AddAttachmentInput:
    release_id: relay.GlobalID
    expected_version: int = strawberry.field(description="读取时的 lockVersion / the lockVersion you read")
    file_name: str
    content_base64: str = strawberry.field(description="文件内容（base64），大小有上限 / the file as base64, size-limited")
    content_type: str | None = strawberry.field(default=None, description="缺省按文件名推断 / guessed from the name if absent")


@strawberry.type
class AddAttachmentPayload:
    release: ReleaseType | None
    attachment: ReleaseAttachmentType | None
    errors: list[UserError]


@strawberry.mutation(description="添加附件（生成新版本）/ attach a file, making a new version", extensions=requires())
async def add_attachment(info: Info, input: AddAttachmentInput) -> AddAttachmentPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> tuple[ReleaseType, ReleaseAttachmentType]:
        release = release_id(input.release_id, "releaseId")
        upload = read_upload(input.file_name, input.content_base64, input.content_type, upload_limit(info.context.settings))
        saved, attachment_id = await attachments.add_attachment(viewer, release, upload, input.expected_version, tenant_objects(info))
        result = await saved_release(info, saved.release_id)
        attached = next(a for a in await result.attachments(info) if a.id == str(attachment_id))
        return result, attached

    # The file itself is audited by its name and size; its SHA-256 is in the version it made.
    audited = {"releaseId": str(input.release_id), "fileName": input.file_name, "base64Length": len(input.content_base64)}
    outcome = await mutate(info, "releases.add_attachment", audited, work, lambda r: ("Release", r[0].id))
    release, attachment = outcome.value if outcome.value else (None, None)
    return AddAttachmentPayload(release=release, attachment=attachment, errors=outcome.errors)
