"""Decoding global IDs from input: the wrong type or a malformed id is the user's error, by field."""

from __future__ import annotations

from uuid import UUID

from strawberry import relay
from strawberry.types.base import get_object_definition

from fabu.errors import CommonErrorCode, FabuError


def decode_id(global_id: relay.GlobalID | None, node_type: type, field: str) -> UUID | None:
    """The UUID inside ``global_id``, checked to name a ``node_type``; None stays None."""
    if global_id is None:
        return None
    expected = get_object_definition(node_type, strict=True).name
    if global_id.type_name != expected:
        raise FabuError(
            CommonErrorCode.INVALID, f"{field} 应为 {expected} 的 ID", f"{field} must be the id of a {expected}", field=field
        )
    try:
        return UUID(global_id.node_id)
    except ValueError:
        raise FabuError(CommonErrorCode.INVALID, f"{field} 格式不正确", f"{field} is malformed", field=field) from None
