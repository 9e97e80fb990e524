"""What applying a manifest would change: the difference between the stored and the desired state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from fabu.onboarding._state import ChannelState, UnitState

V = TypeVar("V")


@dataclass(frozen=True)
class Keyed:
    """Keys added, changed and removed in one section."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def keyed(current: dict[str, V], desired: dict[str, V]) -> Keyed:
    return Keyed(
        added=tuple(key for key in desired if key not in current),
        changed=tuple(key for key in desired if key in current and current[key] != desired[key]),
        removed=tuple(key for key in current if key not in desired),
    )


def _same_document(current: dict[str, Any] | None, desired: dict[str, Any] | None) -> bool:
    if current is None or desired is None:
        return current is desired
    return {**current, "version": 0} == {**desired, "version": 0}


@dataclass(frozen=True)
class Diff:
    """Every change, section by section; empty when the unit already matches."""

    new_unit: bool
    unit: bool
    departments: Keyed
    people: Keyed
    memberships_added: frozenset[tuple[str, str, str]]
    memberships_removed: frozenset[tuple[str, str, str]]
    leaders: Keyed
    categories: Keyed
    template: bool
    matrix: bool
    settings: bool
    channels: Keyed = Keyed()
    lexicon: Keyed = Keyed()
    lines: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.lines


def diff_states(current: UnitState, desired: UnitState, *, new_unit: bool) -> Diff:
    leaders_now = {**current.supervising, **({"(principal)": current.principal} if current.principal else {})}
    leaders_then = {**desired.supervising, **({"(principal)": desired.principal} if desired.principal else {})}
    found = Diff(
        new_unit=new_unit,
        unit=(current.name, current.name_en) != (desired.name, desired.name_en),
        departments=keyed(current.departments, desired.departments),
        people=keyed(current.people, desired.people),
        memberships_added=frozenset(desired.memberships - current.memberships),
        memberships_removed=frozenset(current.memberships - desired.memberships),
        leaders=keyed(leaders_now, leaders_then),
        categories=keyed(current.categories, desired.categories),
        template=not _same_document(current.template, desired.template),
        matrix=not _same_document(current.matrix, desired.matrix),
        settings=current.settings != desired.settings,
        channels=channel_changes(current.channels, desired.channels),
        lexicon=Keyed() if desired.lexicon is None else keyed(current.lexicon or {}, desired.lexicon),
    )
    return Diff(**{**found.__dict__, "lines": tuple(_lines(found, current, desired))})


def _lines(found: Diff, current: UnitState, desired: UnitState) -> list[str]:
    lines: list[str] = []
    if found.new_unit:
        lines.append(f"+ 单位 unit {desired.code}: {desired.name}")
    elif found.unit:
        lines.append(f"~ 单位 unit {desired.code}: {current.name} -> {desired.name}")
    sections: list[tuple[str, Keyed, dict[str, Any], dict[str, Any]]] = [
        ("部门 department", found.departments, current.departments, desired.departments),
        ("人员 person", found.people, current.people, desired.people),
        ("目录 category", found.categories, current.categories, desired.categories),
    ]
    for label, section, before, after in sections:
        lines += [f"+ {label} {key}: {_show(after[key])}" for key in section.added]
        lines += [f"~ {label} {key}: {_show(before[key])} -> {_show(after[key])}" for key in section.changed]
        lines += [f"- {label} {key}" for key in section.removed]
    lines += [f"+ 角色 role {person} @ {department}: {role}" for person, department, role in sorted(found.memberships_added)]
    lines += [f"- 角色 role {person} @ {department}: {role}" for person, department, role in sorted(found.memberships_removed)]
    leaders_after = {**desired.supervising, "(principal)": desired.principal}
    for key in (*found.leaders.added, *found.leaders.changed):
        lines.append(f"~ 领导 leader {_leader_label(key)}: {leaders_after[key]}")
    lines += [f"- 领导 leader {_leader_label(key)}" for key in found.leaders.removed]
    if found.template:
        lines.append(f"~ 工作流模板 workflow template: {(desired.template or {}).get('key')}")
    if found.matrix:
        lines.append(f"~ 审定权限矩阵 authority matrix: {(desired.matrix or {}).get('key')}")
    lines += change_lines(found.channels, current.channels, desired.channels)
    lines += [f"+ 词条 term {term}" for term in found.lexicon.added]
    lines += [f"~ 词条 term {term}" for term in found.lexicon.changed]
    lines += [f"- 词条 term {term}" for term in found.lexicon.removed]
    for name in sorted(set(current.settings) | set(desired.settings)):
        if current.settings.get(name) != desired.settings.get(name):
            lines.append(f"~ 设置 setting {name}")
    return lines


def _leader_label(key: str) -> str:
    return "主要领导 principal" if key == "(principal)" else f"分管 supervising {key}"


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return "/".join("-" if part is None else str(part) for part in value)
    fields = getattr(value, "__dict__", None)
    if fields:
        return ", ".join(f"{name}={part}" for name, part in fields.items() if part not in (None, "", False))
    return str(value)


def channel_changes(current: dict[str, ChannelState], desired: dict[str, ChannelState]) -> Keyed:
    """Added, changed (config or switch) and to-be-disabled channels."""
    return Keyed(
        added=tuple(name for name in desired if name not in current),
        changed=tuple(name for name in desired if name in current and not _same(current[name], desired[name])),
        removed=tuple(sorted(name for name, state in current.items() if name not in desired and state.enabled)),
    )


def _same(current: ChannelState, desired: ChannelState) -> bool:
    return current.enabled == desired.enabled and _same_config(current, desired)


def _same_config(current: ChannelState, desired: ChannelState) -> bool:
    """Equal public fields, and equal secrets where the manifest sets one (one it leaves out is kept)."""
    kept = {alias: digest for alias, digest in current.secrets.items() if alias in desired.secrets}
    return (current.public, kept) == (desired.public, desired.secrets)


def change_lines(changes: Keyed, current: dict[str, ChannelState], desired: dict[str, ChannelState]) -> list[str]:
    lines = [f"+ 渠道 channel {name}{'' if desired[name].enabled else '（停用 disabled）'}" for name in changes.added]
    for name in changes.changed:
        what = []
        if current[name].enabled != desired[name].enabled:
            what.append("启用 enabled" if desired[name].enabled else "停用 disabled")
        if not _same_config(current[name], desired[name]):
            what.append("配置 config")
        lines.append(f"~ 渠道 channel {name}: {', '.join(what)}")
    lines += [f"- 渠道 channel {name}: 停用，配置保留 / disabled, config kept" for name in changes.removed]
    return lines
