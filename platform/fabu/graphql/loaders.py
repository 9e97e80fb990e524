"""DataLoaders are made once per request, on first use, and kept on the context."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

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


def grouped(rows: Sequence[dict[str, Any]], column: str, keys: Sequence[UUID]) -> list[list[dict[str, Any]]]:
    """``rows`` grouped by ``column``, one list per key in the order of ``keys`` (empty where none): a loader's answer."""
    groups: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[column]].append(row)
    return [groups.get(key, []) for key in keys]
