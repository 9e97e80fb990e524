"""The schema: every domain's Query and Mutation pieces, found by walking ``fabu.graphql``, merged.

A domain contributes by exposing ``Query`` and/or ``Mutation`` from its ``fabu.graphql.<domain>``
package; nothing here lists domains.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

import fabu.graphql
from fabu.graphql.cost import cost_rule
from fabu.graphql.permissions import requires
from fabu.graphql.transaction import RequestTransaction
from fabu.settings import Settings


def _node_query() -> type:
    """The ``node`` field; made per schema because strawberry binds the field to one schema."""

    @strawberry.type
    class NodeQuery:
        node: relay.Node | None = relay.node(
            description="按全局 ID 取对象；他单位的 ID 取不到 / fetch by global id; another unit's id resolves to null",
            extensions=requires(),
        )

    return NodeQuery


def _domain_pieces(kind: str) -> tuple[type, ...]:
    pieces = []
    for module in sorted(pkgutil.iter_modules(fabu.graphql.__path__), key=lambda m: m.name):
        if module.ispkg and not module.name.startswith("_"):
            piece = getattr(importlib.import_module(f"fabu.graphql.{module.name}"), kind, None)
            if piece is not None:
                pieces.append(piece)
    return tuple(pieces)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with its security limits, caches and the per-request transaction."""
    query = merge_types("Query", (_node_query(), *_domain_pieces("Query")))
    mutation = merge_types("Mutation", _domain_pieces("Mutation"))
    subscriptions = _domain_pieces("Subscription")
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        subscription=merge_types("Subscription", subscriptions) if subscriptions else None,
        extensions=extension_factories(settings),
        config=StrawberryConfig(auto_camel_case=True),
    )


def extension_factories(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Limits, caches, masking and the request transaction; each request gets fresh instances."""
    # The limit rules are built once: the validation cache is keyed by the rule classes, so rules
    # rebuilt per request would never hit it.
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        cost_rule(max_cost=settings.graphql_max_cost, list_size=settings.graphql_assumed_list_size, page_cap=settings.graphql_max_page_size),
    ]
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: AddValidationRules(limit_rules),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        # The caches themselves are module-level in strawberry; the extensions are only switches.
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        RequestTransaction,
    ]
    if settings.is_production:
        factories.append(lambda: MaskErrors(should_mask_error=_is_unexpected, error_message="服务器内部错误 / internal error"))
    return factories


def _is_unexpected(error: Any) -> bool:
    """Mask only errors with no code: the ones we raise on purpose carry one and are safe to show."""
    return not (error.extensions or {}).get("code") and error.original_error is not None


def export_sdl(settings: Settings | None = None) -> str:
    """The schema as SDL, as committed in ``graphql/schema.graphql``."""
    return build_schema(settings or Settings()).as_str() + "\n"
