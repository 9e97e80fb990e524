"""Discover channel plugins through the ``fabu.channels`` entry-point group.

A plugin that fails to import, raises, is not a :class:`ChannelPlugin`, targets another API major
version or breaks the declarative contract is logged and skipped, never fatal; the registry keeps
why, and ``fabu plugins list`` prints it with :func:`format_plugin_table`.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from fabu.channels.api import (
    ENTRY_POINT_GROUP,
    Bilingual,
    Capability,
    ChannelPlugin,
    is_compatible_api,
)
from fabu.channels.contract import contract_problems

__all__ = [
    "LoadedPlugin",
    "Registry",
    "SkipReason",
    "SkippedPlugin",
    "UnknownChannelError",
    "discover",
    "format_plugin_table",
    "load_plugin",
]

logger = logging.getLogger(__name__)


class SkipReason(StrEnum):
    """Why the registry skipped an entry point."""

    IMPORT_FAILED = "import_failed"
    NOT_A_PLUGIN = "not_a_plugin"
    INCOMPATIBLE_API = "incompatible_api"
    INSTANTIATION_FAILED = "instantiation_failed"
    INVALID_CONTRACT = "invalid_contract"
    NAME_MISMATCH = "name_mismatch"
    DUPLICATE_NAME = "duplicate_name"

    @property
    def label(self) -> Bilingual:
        """The reason in words."""
        return _LABELS[self]


_LABELS = {
    SkipReason.IMPORT_FAILED: Bilingual(zh="导入失败", en="import failed"),
    SkipReason.NOT_A_PLUGIN: Bilingual(
        zh="不是 ChannelPlugin", en="not a ChannelPlugin"
    ),
    SkipReason.INCOMPATIBLE_API: Bilingual(
        zh="接口版本不兼容", en="incompatible API version"
    ),
    SkipReason.INSTANTIATION_FAILED: Bilingual(
        zh="无法实例化", en="could not be instantiated"
    ),
    SkipReason.INVALID_CONTRACT: Bilingual(
        zh="不符合插件契约", en="breaks the plugin contract"
    ),
    SkipReason.NAME_MISMATCH: Bilingual(
        zh="入口点名称与插件 name 不一致", en="entry-point name differs from name"
    ),
    SkipReason.DUPLICATE_NAME: Bilingual(zh="名称重复", en="duplicate name"),
}


@dataclass(frozen=True, slots=True)
class LoadedPlugin:
    """A plugin the registry loaded, with the distribution that provides it."""

    plugin: ChannelPlugin[Any]
    """The plugin instance, shared by every tenant."""
    distribution: str
    """The distribution's name, e.g. ``fabu-channel-loopback``."""
    version: str
    """The distribution's version."""


@dataclass(frozen=True, slots=True)
class SkippedPlugin:
    """An entry point the registry skipped, and why."""

    name: str
    """The entry point's name."""
    target: str
    """What it points at, ``module:attribute``."""
    distribution: str
    """The distribution declaring it."""
    reason: SkipReason
    """Why it was skipped."""
    detail: str
    """The specifics, e.g. the exception or the broken rules."""

    @property
    def message(self) -> str:
        """The reason and its detail, Chinese first."""
        return f"{self.reason.label}: {self.detail}"


class UnknownChannelError(LookupError):
    """No usable plugin has that name (the message says why if it was skipped)."""


@dataclass(frozen=True, slots=True)
class Registry:
    """The plugins found by :func:`discover`, by name, and the entry points skipped."""

    plugins: Mapping[str, LoadedPlugin]
    """The usable plugins by name."""
    skipped: tuple[SkippedPlugin, ...] = ()
    """The entry points that could not be used, in name order."""

    def __contains__(self, name: object) -> bool:
        return name in self.plugins

    def __iter__(self) -> Iterator[ChannelPlugin[Any]]:
        return (loaded.plugin for loaded in self.plugins.values())

    def get(self, name: str) -> ChannelPlugin[Any]:
        """The plugin called ``name``; raises :class:`UnknownChannelError` saying why it is missing."""
        if name in self.plugins:
            return self.plugins[name].plugin
        why = next((skip.message for skip in self.skipped if skip.name == name), None)
        if why is None:
            raise UnknownChannelError(
                f"未安装渠道插件 {name} / no channel plugin named {name} is installed"
            )
        raise UnknownChannelError(
            f"渠道插件 {name} 已被跳过 / channel plugin {name} was skipped: {why}"
        )


class _Skip(Exception):
    def __init__(self, reason: SkipReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def discover(group: str = ENTRY_POINT_GROUP) -> Registry:
    """Load every plugin registered under ``group``; never raises because of a plugin."""
    plugins: dict[str, LoadedPlugin] = {}
    skipped: list[SkippedPlugin] = []
    seen: set[tuple[str, str]] = set()
    for ep in sorted(entry_points(group=group), key=lambda ep: (ep.name, ep.value)):
        if (
            ep.name,
            ep.value,
        ) in seen:  # the same distribution reachable twice on sys.path
            continue
        seen.add((ep.name, ep.value))
        dist_name, dist_version = (
            (ep.dist.name, ep.dist.version) if ep.dist else ("", "")
        )
        try:
            if ep.name in plugins:
                first = plugins[ep.name].distribution
                raise _Skip(
                    SkipReason.DUPLICATE_NAME,
                    f"{ep.name} 已由 / already provided by {first}",
                )
            plugins[ep.name] = LoadedPlugin(_load(ep), dist_name, dist_version)
        except _Skip as skip:
            logger.warning(
                "channel plugin %s (%s) skipped: %s: %s",
                ep.name,
                ep.value,
                skip.reason,
                skip.detail,
            )
            skipped.append(
                SkippedPlugin(ep.name, ep.value, dist_name, skip.reason, skip.detail)
            )
    return Registry(plugins=plugins, skipped=tuple(skipped))


def load_plugin(name: str, group: str = ENTRY_POINT_GROUP) -> ChannelPlugin[Any]:
    """The plugin registered as ``name``, loaded through its entry point exactly as the platform does."""
    return discover(group).get(name)


def _load(ep: EntryPoint) -> ChannelPlugin[Any]:
    try:
        obj = ep.load()
    except (
        Exception,
        SystemExit,
    ) as exc:  # a plugin calling sys.exit() at import must not stop Fabu
        logger.debug("importing channel plugin %s failed", ep.name, exc_info=True)
        raise _Skip(SkipReason.IMPORT_FAILED, f"{type(exc).__name__}: {exc}") from exc
    cls = obj if isinstance(obj, type) else type(obj)
    if not issubclass(cls, ChannelPlugin):
        raise _Skip(
            SkipReason.NOT_A_PLUGIN,
            f"{ep.value} -> {cls.__module__}.{cls.__qualname__}",
        )
    version = getattr(obj, "api_version", None)
    if not (isinstance(version, str) and is_compatible_api(version)):
        raise _Skip(SkipReason.INCOMPATIBLE_API, f"api_version={version!r}")
    plugin = _instantiate(obj) if isinstance(obj, type) else obj
    try:
        problems = contract_problems(plugin)
    except Exception as exc:
        raise _Skip(
            SkipReason.INVALID_CONTRACT, f"{type(exc).__name__}: {exc}"
        ) from exc
    if problems:
        raise _Skip(
            SkipReason.INVALID_CONTRACT, "; ".join(str(problem) for problem in problems)
        )
    if plugin.name != ep.name:
        raise _Skip(
            SkipReason.NAME_MISMATCH, f"entry point {ep.name!r}, name {plugin.name!r}"
        )
    return plugin


def _instantiate(cls: type[ChannelPlugin[Any]]) -> ChannelPlugin[Any]:
    try:
        return cls()
    except (Exception, SystemExit) as exc:
        raise _Skip(
            SkipReason.INSTANTIATION_FAILED, f"{type(exc).__name__}: {exc}"
        ) from exc


_HEADER = (
    "渠道 channel",
    "版本 version",
    "接口 API",
    "能力 capabilities",
    "显示名 display name",
    "分发包 distribution",
    "状态 status",
)


def format_plugin_table(registry: Registry) -> str:
    """The table ``fabu plugins list`` prints: one row per entry point, then why any were skipped."""
    if not registry.plugins and not registry.skipped:
        return "未发现渠道插件 / no channel plugins found"
    rows = [
        (
            name,
            loaded.version or "-",
            loaded.plugin.api_version,
            _capabilities(loaded.plugin.capabilities),
            str(loaded.plugin.display_name),
            loaded.distribution or "-",
            "可用 / ok",
        )
        for name, loaded in sorted(registry.plugins.items())
    ]
    rows += [
        (
            skip.name,
            "-",
            "-",
            "-",
            "-",
            skip.distribution or "-",
            f"已跳过 / skipped: {skip.reason.label}",
        )
        for skip in registry.skipped
    ]
    lines = _aligned([_HEADER, *rows])
    if registry.skipped:
        lines += ["", "跳过原因 / why skipped:"]
        lines += [
            f"  {skip.name} ({skip.target}): {skip.message}"
            for skip in registry.skipped
        ]
    return "\n".join(lines)


def _capabilities(capabilities: Capability) -> str:
    return ",".join(cap.method for cap in Capability if cap in capabilities) or "-"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [
        max(_width(row[column]) for row in rows) for column in range(len(rows[0]))
    ]
    return [
        "  ".join(
            cell + " " * (width - _width(cell))
            for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
