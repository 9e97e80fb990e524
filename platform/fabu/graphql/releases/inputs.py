"""Turning mutation input into the domain's terms: global ids to UUIDs, enums, sources."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from strawberry import relay

from fabu.graphql.ids import decode_id
from fabu.graphql.releases.category_type import DisclosureCategoryType
from fabu.graphql.releases.types import ReleaseType
from fabu.graphql.tenancy.types import DepartmentType


def department_id(global_id: relay.GlobalID, field: str) -> UUID:
    department = decode_id(global_id, DepartmentType, field)
    assert department is not None
    return department


def department_ids(global_ids: Sequence[relay.GlobalID], field: str) -> tuple[UUID, ...]:
    return tuple(department_id(global_id, field) for global_id in global_ids)


def category_id(global_id: relay.GlobalID | None) -> UUID | None:
    return decode_id(global_id, DisclosureCategoryType, "categoryId")


def release_id(global_id: relay.GlobalID, field: str = "id") -> UUID:
    release = decode_id(global_id, ReleaseType, field)
    assert release is not None
    return release
