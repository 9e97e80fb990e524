"""Loading the saved release fresh for a mutation's payload."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from fabu.graphql.context import Info
from fabu.graphql.loaders import loader
from fabu.graphql.releases import dataloaders as dl
from fabu.graphql.releases.types import ReleaseType

_RELEASE_LOADERS: tuple[type[DataLoader[Any, Any]], ...] = (
    dl.ReleaseByIdLoader,
    dl.ReleaseVersionsByReleaseIdLoader,
    dl.ReleaseVersionByReleaseIdAndNumberLoader,
    dl.AttachmentsByReleaseIdLoader,
    dl.AttachmentByIdLoader,
)


async def saved_release(info: Info, release_id: UUID) -> ReleaseType:
    """The release as the mutation left it (the request's loaders may hold what it looked like before)."""
    for loader_class in _RELEASE_LOADERS:
        loader(info, loader_class).clear_all()
    row = await loader(info, dl.ReleaseByIdLoader).load(release_id)
    assert row is not None
    return ReleaseType.from_row(row)
