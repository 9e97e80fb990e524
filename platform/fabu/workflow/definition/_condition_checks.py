"""Checking a condition beyond its shape: operators that fit their field, allowed values, depth, satisfiability."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from fabu.workflow.definition._conditions import MAX_CONDITION_DEPTH, Condition, FactValues, Operator
from fabu.workflow.definition._facts import CLASSIFIED_WORDS, FactField
from fabu.workflow.definition._problems import DefinitionProblem, ProblemCode, join_path, problem

# Above this many combinations of fact values the satisfiability check gives up (and assumes yes).
_MAX_COMBINATIONS = 20_000
_OTHER = "\x00other"  # a value no document can write: "any value not named in the condition"


def check_condition(condition: Condition, path: str) -> list[DefinitionProblem]:
    """Every problem of ``condition`` (found at ``path``) that its shape alone does not reveal."""
    found: list[DefinitionProblem] = []
    depth = condition.depth()
    if depth > MAX_CONDITION_DEPTH:
        found.append(
            problem(
                path,
                ProblemCode.CONDITION_TOO_DEEP,
                f"条件嵌套 {depth} 层，最多 {MAX_CONDITION_DEPTH} 层",
                f"the condition nests {depth} levels; at most {MAX_CONDITION_DEPTH} are allowed",
            )
        )
    found.extend(_check_node(condition, path))
    return found


def _check_node(condition: Condition, path: str) -> Iterator[DefinitionProblem]:
    if condition.kind != "test":
        key = condition.kind
        for index, child in enumerate(condition.children):
            child_path = join_path(path, "not") if key == "not" else join_path(path, f"{key}[{index}]")
            yield from _check_node(child, child_path)
        return
    field, operator = condition.field, condition.operator
    assert field is not None
    assert operator is not None
    operator_path = join_path(path, operator.value)
    list_operator = operator in (Operator.CONTAINS, Operator.NOT_EMPTY)
    if list_operator != field.is_list:
        fitting = "contains、not_empty" if field.is_list else "equals、in"
        fitting_en = "contains, not_empty" if field.is_list else "equals, in"
        yield problem(
            operator_path,
            ProblemCode.CONDITION_OPERATOR_NOT_FOR_FIELD,
            f"运算符 {operator} 不适用于{field.label_zh}（{field}），应使用 {fitting}",
            f"operator {operator} does not apply to {field}; use {fitting_en}",
        )
        return
    values = condition.value
    written = values if isinstance(values, tuple) else (values,) if isinstance(values, str) else ()
    for index, value in enumerate(written):
        value_path = f"{operator_path}[{index}]" if isinstance(values, tuple) else operator_path
        yield from _check_value(field, value, value_path)
    if isinstance(values, tuple) and len(set(values)) != len(values):
        yield problem(operator_path, ProblemCode.DUPLICATE_VALUE, "列出的取值有重复", "a value is listed twice")


def _check_value(field: FactField, value: str, path: str) -> Iterator[DefinitionProblem]:
    if not value.strip():
        yield problem(path, ProblemCode.CONDITION_VALUE_NOT_ALLOWED, "取值不能为空", "the value must not be empty")
        return
    allowed = field.allowed_values
    if field is FactField.SENSITIVITY and value.strip().lower() in CLASSIFIED_WORDS:
        yield problem(
            path,
            ProblemCode.CLASSIFIED_NOT_ALLOWED,
            "条件不能提及涉密：涉密信息一律不得通过本系统发布",
            "a condition cannot mention classified content: it is never published through Fabu",
        )
    elif allowed is not None and value not in allowed:
        yield problem(
            path,
            ProblemCode.CONDITION_VALUE_NOT_ALLOWED,
            f"{field.label_zh}没有取值「{value}」，可用：{'、'.join(allowed)}",
            f"{field} has no value {value!r}; use one of {', '.join(allowed)}",
        )


def is_satisfiable(condition: Condition) -> bool:
    """Whether some release makes the condition true (``True`` too when there are too many cases to try).

    Every fact a condition looks at is tried with each value the condition names plus one value it
    does not name; list facts with every subset of those. That is exact for this grammar.
    """
    domains: list[tuple[FactField, list[str | frozenset[str]]]] = []
    size = 1
    for field in sorted(condition.fields()):
        values = _domain(field, condition)
        size *= len(values)
        if size > _MAX_COMBINATIONS:
            return True
        domains.append((field, values))
    for combination in itertools.product(*(values for _, values in domains)):
        facts: FactValues = {field: value for (field, _), value in zip(domains, combination, strict=True)}
        if condition.holds_for(facts):
            return True
    return False


def _domain(field: FactField, condition: Condition) -> list[str | frozenset[str]]:
    named = sorted(_named_values(condition, field))
    if field.allowed_values is not None:
        return list(field.allowed_values)
    if not field.is_list:
        return [*named, _OTHER]
    pool = [*named, _OTHER]
    if len(pool) > 14:  # 2^15 subsets is past the budget anyway
        pool = pool[:14]
    return [frozenset(subset) for size in range(len(pool) + 1) for subset in itertools.combinations(pool, size)]


def _named_values(condition: Condition, field: FactField) -> set[str]:
    named: set[str] = set()
    if condition.field is field:
        value = condition.value
        if isinstance(value, str):
            named.add(value)
        elif isinstance(value, tuple):
            named.update(value)
    for child in condition.children:
        named |= _named_values(child, field)
    return named
