"""Archive mutations, one per module."""

from __future__ import annotations

import strawberry

from fabu.graphql.archive.mutations.archive_release import archive_release


@strawberry.type
class ArchiveMutation:
    archive_release = archive_release
