"""Lexicons of wrong expressions and sensitive words, as data.

A lexicon is a list of entries; the platform ships one (``data/platform_lexicon.yaml``) and
each tenant may keep its own. A YAML lexicon has a ``name`` and either flat ``entries`` or
``groups`` whose keys (``kind``, ``severity``, ``category``, ``note``, ``allowed_before``,
``allowed_after``) are defaults for the entries inside them::

    name: platform
    groups:
      - category: 机构名称变更
        kind: wrong_expression
        severity: warning
        allowed_before: [原]          # "原国家工商行政管理总局" is a correct historical reference
        entries:
          - term: 国家工商行政管理总局
            correction: 国家市场监督管理总局

``exceptions`` are longer phrases containing the term in which it is not a finding;
``allowed_before``/``allowed_after`` are shorthands that build such phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from fabu.checks._codes import Severity
from fabu.checks._normalize import normalize_term


class EntryKind(StrEnum):
    """Whether a term is plainly wrong (with a correction) or merely sensitive."""

    WRONG_EXPRESSION = "wrong_expression"
    SENSITIVE_WORD = "sensitive_word"


class LexiconError(ValueError):
    """A lexicon file or entry that cannot be used, with the reason in Chinese and English."""


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One term to look for.

    Attributes:
        term: the text to find (matched width- and case-insensitively).
        kind: wrong expression or sensitive word.
        severity: blocking, warning or info; fatal is reserved for confidentiality markings.
        correction: what to write instead; required for a wrong expression.
        category: a short label to group findings by, e.g. 机构名称变更.
        note: why, shown to the drafter.
        exceptions: longer phrases containing ``term`` in which it is not a finding.
    """

    term: str
    kind: EntryKind
    severity: Severity
    correction: str | None = None
    category: str = ""
    note: str = ""
    exceptions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        key = normalize_term(self.term)
        if not key:
            raise LexiconError("词条为空 / empty term")
        if self.severity is Severity.FATAL:
            raise LexiconError(
                f"词条“{self.term}”不能设为 fatal（仅用于密级标识）/ "
                f"term {self.term!r} cannot be fatal (reserved for confidentiality markings)"
            )
        if self.kind is EntryKind.WRONG_EXPRESSION and not self.correction:
            raise LexiconError(
                f"错误表述“{self.term}”缺少正确表述 / wrong expression {self.term!r} needs a correction"
            )
        for phrase in self.exceptions:
            if key not in normalize_term(phrase):
                raise LexiconError(
                    f"例外短语“{phrase}”不包含词条“{self.term}” / "
                    f"exception {phrase!r} does not contain the term {self.term!r}"
                )

    @property
    def key(self) -> str:
        """The normalised form the term is matched in."""
        return normalize_term(self.term)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A named list of entries: the platform's, or one tenant's."""

    name: str
    entries: tuple[LexiconEntry, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_yaml(cls, text: str, *, name: str | None = None) -> Lexicon:
        """Parse a lexicon from YAML (see the module docstring for the format)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise LexiconError(
                f"词库 YAML 无法解析 / lexicon YAML does not parse: {error}"
            ) from error
        if not isinstance(data, Mapping):
            raise LexiconError("词库应为映射 / a lexicon must be a mapping")
        return cls.from_data(data, name=name)

    @classmethod
    def from_file(cls, path: str | Path, *, name: str | None = None) -> Lexicon:
        """Read a YAML lexicon file."""
        return cls.from_yaml(Path(path).read_text(encoding="utf-8"), name=name)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, name: str | None = None) -> Lexicon:
        """Build a lexicon from already-parsed data (a mapping shaped like the YAML file)."""
        entries: list[LexiconEntry] = []
        for group in _sequence(data.get("groups", ()), "groups"):
            defaults = {
                k: v for k, v in _mapping(group, "group").items() if k != "entries"
            }
            for raw in _sequence(group.get("entries", ()), "entries"):
                entries.append(_entry({**defaults, **_mapping(raw, "entry")}))
        for raw in _sequence(data.get("entries", ()), "entries"):
            entries.append(_entry(_mapping(raw, "entry")))
        return cls(
            name=str(name or data.get("name") or "lexicon"), entries=tuple(entries)
        )


def load_platform_lexicon() -> Lexicon:
    """The lexicon shipped with Fabu: outdated agency names, wrong formulations, common typos."""
    source = resources.files("fabu.checks").joinpath("data/platform_lexicon.yaml")
    return Lexicon.from_yaml(source.read_text(encoding="utf-8"), name="platform")


_ENTRY_KEYS = frozenset(
    {"term", "kind", "severity", "correction", "category", "note", "exceptions",
     "allowed_before", "allowed_after"}
)  # fmt: skip


def _entry(raw: Mapping[str, Any]) -> LexiconEntry:
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(f"未知字段 / unknown keys: {sorted(unknown)}")
    term = str(raw.get("term") or "").strip()
    try:
        kind = EntryKind(raw.get("kind", EntryKind.WRONG_EXPRESSION))
        severity = Severity(raw.get("severity", Severity.WARNING))
    except ValueError as error:
        raise LexiconError(
            f"词条“{term}”：{error} / entry {term!r}: {error}"
        ) from error
    phrases = [str(p) for p in _sequence(raw.get("exceptions", ()), "exceptions")]
    phrases += [f"{p}{term}" for p in _strings(raw.get("allowed_before", ()))]
    phrases += [f"{term}{p}" for p in _strings(raw.get("allowed_after", ()))]
    correction = raw.get("correction")
    return LexiconEntry(
        term=term,
        kind=kind,
        severity=severity,
        correction=str(correction) if correction else None,
        category=str(raw.get("category") or ""),
        note=str(raw.get("note") or "").strip(),
        exceptions=tuple(phrases),
    )


def _strings(value: object) -> Iterable[str]:
    return (str(item) for item in _sequence(value, "list"))


def _sequence(value: object, what: str) -> Sequence[Any]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return value
    raise LexiconError(f"“{what}”应为列表 / {what!r} must be a list")


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    raise LexiconError(f"“{what}”应为映射 / {what!r} must be a mapping")
