"""archiveRelease: package a published release's records for the archive now (归档), as the daily job does when due."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.archive.packages import archive_release as make_package
from fabu.channels.context import utc_now
from fabu.graphql.archive.types import ArchivePackageType
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.graphql.releases.support import tenant_objects
from fabu.tenancy.roles import Role


@strawberry.input
class ArchiveReleaseInput:
    release_id: relay.GlobalID = strawberry.field(description="已发布的稿件 / a published release")


@strawberry.type
class ArchiveReleasePayload:
    package: ArchivePackageType | None
    errors: list[UserError]


@strawberry.mutation(
    description="把已发布稿件的全部记录打包归档（BagIt）/ package a published release's records for the archive (BagIt)",
    extensions=requires(Role.TENANT_ADMIN, Role.OFFICE_REVIEWER),
)
async def archive_release(info: Info, input: ArchiveReleaseInput) -> ArchiveReleasePayload:
    from fabu.graphql.releases.types import ReleaseType  # the releases types import this domain's

    viewer = info.context.viewer
    assert viewer is not None
    objects = tenant_objects(info)

    async def work() -> ArchivePackageType:
        release_id = decode_id(input.release_id, ReleaseType, "releaseId")
        assert release_id is not None
        row = await make_package(objects, release_id, viewer.label, utc_now())
        return ArchivePackageType.from_row({**row, "last_checked_at": None, "last_intact": None, "last_problems": None}, objects)

    outcome = await mutate(info, "archive.archive_release", None, work, lambda _: ("Release", str(input.release_id.node_id)))
    return ArchiveReleasePayload(package=outcome.value, errors=outcome.errors)
