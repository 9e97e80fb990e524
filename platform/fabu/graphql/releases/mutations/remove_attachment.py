"""removeAttachment: detach a file from a release (earlier versions keep recording it)."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.graphql.releases.attachment_type import ReleaseAttachmentType
from fabu.graphql.releases.mutations.payloads import saved_release
from fabu.graphql.releases.support import tenant_objects
from fabu.graphql.releases.types import ReleaseType
from fabu.releases import attachments


@strawberry.input
class RemoveAttachmentInput:
    id: relay.GlobalID = strawberry.field(description="附件 ID / the ReleaseAttachment's id")
    expected_version: int = strawberry.field(description="稿件读取时的 lockVersion / the release's lockVersion you read")


@strawberry.type
class RemoveAttachmentPayload:
    release: ReleaseType | None
    errors: list[UserError]


@strawberry.mutation(description="移除附件（生成新版本）/ detach a file, making a new version", extensions=requires())
async def remove_attachment(info: Info, input: RemoveAttachmentInput) -> RemoveAttachmentPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> ReleaseType:
        attachment = decode_id(input.id, ReleaseAttachmentType, "id")
        assert attachment is not None
        saved = await attachments.remove_attachment(viewer, attachment, input.expected_version, tenant_objects(info))
        return await saved_release(info, saved.release_id)

    outcome = await mutate(info, "releases.remove_attachment", input, work, lambda r: ("Release", r.id))
    return RemoveAttachmentPayload(release=outcome.value, errors=outcome.errors)
