"""DataLoaders are made once per request, on first use, and kept on the context."""

from __future__ import annotations

from typing import Any, TypeVar

from fabu.graphql.context import Info

L = TypeVar("L")


def loader(info: Info, loader_class: type[L]) -> L:
    """The request's instance of ``loader_class``."""
    cache: dict[str, Any] = info.context.loader_cache
    key = loader_class.__qualname__
    if key not in cache:
        cache[key] = loader_class()
    instance: L = cache[key]
    return instance
