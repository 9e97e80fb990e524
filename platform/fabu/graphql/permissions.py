"""Declared permissions: put these on a field, not inside its resolver."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from fabu.errors import CommonErrorCode
from fabu.graphql.context import Info
from fabu.identity.credentials import platform_token_refused
from fabu.tenancy.roles import Role
from graphql import GraphQLError


class IsAuthenticated(BasePermission):
    """The request carries a valid, unrevoked token."""

    message = "需要登录 / authentication required"
    error_extensions = {"code": str(CommonErrorCode.UNAUTHENTICATED)}  # noqa: RUF012 - read-only, declared by strawberry

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        context = info.context
        if context.viewer is not None:
            return True
        if context.platform_admin is not None:
            refused = platform_token_refused()
            raise GraphQLError(refused.message, extensions={"code": refused.code})
        if context.auth_error is not None:
            # The instance is shared by all requests, so the request's reason is raised, not stored.
            raise GraphQLError(context.auth_error.message, extensions={"code": context.auth_error.code})
        return False


class HasRole(BasePermission):
    """The viewer holds one of the given roles in some department of its unit."""

    error_extensions = {"code": str(CommonErrorCode.FORBIDDEN)}  # noqa: RUF012 - read-only, declared by strawberry

    def __init__(self, *roles: Role) -> None:
        self.roles = roles
        names_zh = "、".join(role.label_zh for role in roles)
        names_en = ", ".join(role.label_en for role in roles)
        self.message = f"需要以下角色之一：{names_zh} / requires one of the roles: {names_en}"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and any(viewer.has_role(role) for role in self.roles)


class IsPlatformAdmin(BasePermission):
    """The request carries a valid platform administrator's token (a unit's token, even an admin's, is refused)."""

    message = "需要平台管理员身份 / requires a platform administrator"
    error_extensions = {"code": str(CommonErrorCode.FORBIDDEN)}  # noqa: RUF012 - read-only, declared by strawberry

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        context = info.context
        if context.platform_admin is not None:
            return True
        if context.viewer is None and context.auth_error is not None:
            raise GraphQLError(context.auth_error.message, extensions={"code": context.auth_error.code})
        if context.viewer is None:
            raise GraphQLError("需要平台管理员登录 / platform admin authentication required", extensions={"code": str(CommonErrorCode.UNAUTHENTICATED)})
        return False


def requires_platform_admin() -> list[FieldExtension]:
    """Field extensions for "a platform administrator" (never a unit's person)."""
    return [PermissionExtension(permissions=[IsPlatformAdmin()])]


def requires(*roles: Role) -> list[FieldExtension]:
    """Field extensions for "authenticated, and holding one of ``roles``" (any role if none given)."""
    permissions: list[BasePermission] = [IsAuthenticated()]
    if roles:
        permissions.append(HasRole(*roles))
    return [PermissionExtension(permissions=permissions)]
