"""Platform mutations, one per module."""

import strawberry

from fabu.graphql.platform.mutations.apply_manifest import apply_manifest
from fabu.graphql.platform.mutations.platform_login import platform_login


@strawberry.type
class PlatformMutation:
    platform_login = platform_login
    apply_manifest = apply_manifest


__all__ = ["PlatformMutation"]
