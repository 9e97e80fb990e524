"""Checking an authority matrix: its own consistency, its coverage of a catalogue, and rules that never match.

Coverage is decided by trying every combination of importance × sensitivity × category (from the
unit's catalogue) × channel. For channels it suffices to try each channel some rule names, plus
"none of those" (``OTHER_CHANNELS``): a release with several channels is covered as soon as one of
them is, so this is exact, and a matrix is complete only if wildcard-channel rules cover the rest.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict

from fabu.workflow.definition._facts import Importance, Sensitivity
from fabu.workflow.definition._matrix import ANY, AuthorityMatrix, MatrixDimension, MatrixRule
from fabu.workflow.definition._problems import DefinitionProblem, ProblemCode, Severity, problem, raise_if_errors

OTHER_CHANNELS = "(other)"
"""In a gap: releases whose channels include none of those the rules name (or no channel at all)."""

_OTHER_CATEGORY = "\x00other"  # a category no document can write: "a category no rule names"


class MatrixGap(BaseModel):
    """A combination no rule resolves. ``channel`` is ``*`` (whatever the channels), ``OTHER_CHANNELS``, or a channel."""

    model_config = ConfigDict(frozen=True)

    importance: Importance
    sensitivity: Sensitivity
    category: str
    channel: str = ANY

    def describe(self) -> tuple[str, str]:
        """``("重要程度「一般」× 敏感程度「敏感」× 信息类别「工作动态」", ...)``."""
        if self.channel == ANY:
            channel_zh, channel_en = "", ""
        elif self.channel == OTHER_CHANNELS:
            channel_zh, channel_en = " × 发布渠道不含规则所列任何渠道", " × channels other than those the rules name"
        else:
            channel_zh, channel_en = f" × 发布渠道含「{self.channel}」", f" × channels including {self.channel}"
        return (
            f"重要程度「{self.importance.label_zh}」× 敏感程度「{self.sensitivity.label_zh}」× 信息类别「{self.category}」{channel_zh}",
            f"importance {self.importance} × sensitivity {self.sensitivity} × category {self.category}{channel_en}",
        )


class MatrixCoverage(BaseModel):
    """What applying a matrix to a catalogue found: gaps, rules that never match, unknown categories."""

    model_config = ConfigDict(frozen=True)

    gaps: tuple[MatrixGap, ...]
    shadowed: tuple[str, ...]
    problems: tuple[DefinitionProblem, ...]

    @property
    def complete(self) -> bool:
        """Whether every combination resolves (rules that never match are only warnings)."""
        return not any(found.is_error for found in self.problems)


def check_matrix(matrix: AuthorityMatrix) -> list[DefinitionProblem]:
    """The matrix's own problems (errors) and its rules that can never match (warnings)."""
    found: list[DefinitionProblem] = []
    for key, count in Counter(rule.key for rule in matrix.rules).items():
        if count > 1:
            positions = [index for index, rule in enumerate(matrix.rules) if rule.key == key][1:]
            found.extend(
                problem(
                    f"rules[{index}].key",
                    ProblemCode.DUPLICATE_RULE_KEY,
                    f"规则标识 {key} 重复",
                    f"rule key {key} is used twice",
                )
                for index in positions
            )
    for index, rule in enumerate(matrix.rules):
        found.extend(_check_rule(rule, f"rules[{index}]"))
    if not any(found_problem.is_error for found_problem in found):
        categories = {value for rule in matrix.rules for value in rule.listed(MatrixDimension.CATEGORY) or ()}
        found.extend(_shadowed(matrix, [*sorted(categories), _OTHER_CATEGORY], _channel_points(matrix, ()))[1])
    return found


def _check_rule(rule: MatrixRule, path: str) -> Iterator[DefinitionProblem]:
    for dimension in MatrixDimension:
        listed = rule.listed(dimension) or ()
        for value, count in Counter(listed).items():
            if count > 1:
                yield problem(
                    f"{path}.{dimension}",
                    ProblemCode.DUPLICATE_VALUE,
                    f"取值「{value}」重复",
                    f"value {value} is listed twice",
                )
    if len(set(rule.approvers)) != len(rule.approvers):
        yield problem(
            f"{path}.approvers", ProblemCode.DUPLICATE_VALUE, "审定人层级重复", "an approving level is listed twice"
        )
    elif list(rule.approvers) != sorted(rule.approvers, key=lambda level: level.rank):
        yield problem(
            f"{path}.approvers",
            ProblemCode.APPROVERS_OUT_OF_ORDER,
            "审定人须由低到高排列：部门负责人 → 分管领导 → 主要领导",
            "approvers go from the lowest level up: department_head → supervising_leader → principal_leader",
        )


def check_matrix_coverage(
    matrix: AuthorityMatrix, categories: Iterable[str], channels: Iterable[str] = ()
) -> MatrixCoverage:
    """Apply ``matrix`` to a unit's disclosure catalogue (and, optionally, its channels).

    Every combination of importance × sensitivity × catalogue category (× channel) that no rule
    resolves is a ``MATRIX_GAP`` error. Warnings: a rule naming a category outside the catalogue
    (``UNKNOWN_CATEGORY``: built-in matrices name common categories a unit may not have), and a
    rule that can never be the first match (``SHADOWED_RULE``).
    """
    catalogue = list(dict.fromkeys(categories))
    known = set(catalogue)
    found: list[DefinitionProblem] = []
    for index, rule in enumerate(matrix.rules):
        for position, category in enumerate(rule.listed(MatrixDimension.CATEGORY) or ()):
            if category not in known:
                found.append(
                    problem(
                        f"rules[{index}].category[{position}]",
                        ProblemCode.UNKNOWN_CATEGORY,
                        f"信息类别「{category}」不在本单位的信息公开目录中",
                        f"category {category!r} is not in the unit's disclosure catalogue",
                        Severity.WARNING,
                    )
                )
    points = _channel_points(matrix, channels)
    gaps = list(_gaps(matrix, catalogue, points))
    found.extend(
        problem(
            "rules",
            ProblemCode.MATRIX_GAP,
            f"没有规则适用于：{gap.describe()[0]}",
            f"no rule resolves {gap.describe()[1]}",
        )
        for gap in gaps
    )
    shadowed, warnings = _shadowed(matrix, catalogue, points)
    found.extend(warnings)
    return MatrixCoverage(gaps=tuple(gaps), shadowed=tuple(shadowed), problems=tuple(found))


def ensure_matrix_complete(
    matrix: AuthorityMatrix, categories: Iterable[str], channels: Iterable[str] = ()
) -> MatrixCoverage:
    """Like ``check_matrix_coverage``, but raise ``DefinitionError`` listing every gap when there is any."""
    coverage = check_matrix_coverage(matrix, categories, channels)
    raise_if_errors(coverage.problems)
    return coverage


def _channel_points(matrix: AuthorityMatrix, channels: Iterable[str]) -> list[str | None]:
    named = {value for rule in matrix.rules for value in rule.listed(MatrixDimension.CHANNEL) or ()}
    return [*sorted(named | set(channels)), None]  # None: none of the named channels


def _first(
    matrix: AuthorityMatrix, importance: str, sensitivity: str, category: str, channel: str | None
) -> int | None:
    for index, rule in enumerate(matrix.rules):
        if _matches(rule, importance, sensitivity, category, channel):
            return index
    return None


def _matches(rule: MatrixRule, importance: str, sensitivity: str, category: str, channel: str | None) -> bool:
    checks = (
        (MatrixDimension.IMPORTANCE, importance),
        (MatrixDimension.SENSITIVITY, sensitivity),
        (MatrixDimension.CATEGORY, category),
    )
    for dimension, value in checks:
        listed = rule.listed(dimension)
        if listed is not None and value not in listed:
            return False
    channels = rule.listed(MatrixDimension.CHANNEL)
    return channels is None or (channel is not None and channel in channels)


def _gaps(matrix: AuthorityMatrix, categories: list[str], points: list[str | None]) -> Iterator[MatrixGap]:
    for importance, sensitivity, category in itertools.product(Importance, Sensitivity, categories):
        missing = [channel for channel in points if _first(matrix, importance, sensitivity, category, channel) is None]
        if len(missing) == len(points):
            yield MatrixGap(importance=importance, sensitivity=sensitivity, category=category)
            continue
        for channel in missing:
            yield MatrixGap(
                importance=importance, sensitivity=sensitivity, category=category, channel=channel or OTHER_CHANNELS
            )


def _shadowed(
    matrix: AuthorityMatrix, categories: list[str], points: list[str | None]
) -> tuple[list[str], list[DefinitionProblem]]:
    winners: set[int] = set()
    covering: dict[int, set[int]] = {index: set() for index in range(len(matrix.rules))}
    for importance, sensitivity, category, channel in itertools.product(Importance, Sensitivity, categories, points):
        first = _first(matrix, importance, sensitivity, category, channel)
        if first is None:
            continue
        winners.add(first)
        for index in range(first + 1, len(matrix.rules)):
            if _matches(matrix.rules[index], importance, sensitivity, category, channel):
                covering[index].add(first)
    keys: list[str] = []
    warnings: list[DefinitionProblem] = []
    for index, rule in enumerate(matrix.rules):
        if index in winners:
            continue
        keys.append(rule.key)
        earlier = sorted(covering[index])
        if earlier:
            numbers = "、".join(f"第 {i + 1} 条（{matrix.rules[i].key}）" for i in earlier)
            numbers_en = ", ".join(f"#{i + 1} ({matrix.rules[i].key})" for i in earlier)
            zh, en = (
                f"规则 {rule.key} 永远不会生效：它适用的情形都已被{numbers}规则先行匹配",
                f"rule {rule.key} can never match: earlier rule(s) {numbers_en} match every case it covers",
            )
        else:
            zh, en = (
                f"规则 {rule.key} 永远不会生效：没有哪条信息符合它的条件",
                f"rule {rule.key} can never match: no release fits it",
            )
        warnings.append(problem(f"rules[{index}]", ProblemCode.SHADOWED_RULE, zh, en, Severity.WARNING))
    return keys, warnings
