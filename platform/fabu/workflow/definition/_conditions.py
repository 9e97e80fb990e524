"""Conditions: a tiny closed grammar of data that tests release facts. Never code, never ``eval``.

Grammar (YAML)::

    {all: [c, ...]}                                every condition holds
    {any: [c, ...]}                                at least one holds
    {not: c}                                       c does not hold
    {field: sensitivity, equals: sensitive}        a one-value fact equals a value
    {field: importance, in: [important, major]}    a one-value fact is one of the values
    {field: channels, contains: wechat}            a list fact contains a value
    {field: co_departments, not_empty: true}       a list fact is (true) or is not (false) empty

Fields are the ``FactField`` values; which operator fits which field, the allowed values and the
nesting limit (``MAX_CONDITION_DEPTH``) are checked by ``check_condition``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, model_validator

from fabu.workflow.definition._facts import FactField, ReleaseFacts, value_label_zh
from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._pydantic_errors import custom_error

MAX_CONDITION_DEPTH = 8
"""How deeply ``all``/``any``/``not`` may nest; a single test has depth 1."""

FactValues = Mapping[FactField, str | frozenset[str]]


class Operator(StrEnum):
    """How a single test compares a fact with the value written in the document."""

    EQUALS = "equals"
    IN = "in"
    CONTAINS = "contains"
    NOT_EMPTY = "not_empty"


ConditionKind = Literal["all", "any", "not", "test"]


class Condition(BaseModel):
    """One node of a condition: ``all``, ``any``, ``not``, or a test of one ``field``.

    Build them in code with ``Condition.all_of``, ``any_of``, ``negate``, ``test``; read them with
    ``kind``, ``children``, ``operator``, ``value``; evaluate with ``holds(facts)``; explain with
    ``describe()``.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=False, validate_by_alias=True, serialize_by_alias=True
    )

    all_: tuple[Condition, ...] | None = Field(default=None, alias="all", min_length=1)
    any_: tuple[Condition, ...] | None = Field(default=None, alias="any", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    field: FactField | None = None
    equals: StrictStr | None = None
    in_: tuple[StrictStr, ...] | None = Field(default=None, alias="in", min_length=1)
    contains: StrictStr | None = None
    not_empty: StrictBool | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        combinators = [
            name for name, value in (("all", self.all_), ("any", self.any_), ("not", self.not_)) if value is not None
        ]
        operators = self._operators()
        if len(combinators) + (self.field is not None) != 1:
            raise custom_error(
                ProblemCode.CONDITION_SHAPE,
                "条件须恰好是 all、any、not 或 field 之一",
                "a condition must be exactly one of all, any, not, or field",
            )
        if combinators and operators:
            raise custom_error(
                ProblemCode.CONDITION_SHAPE,
                f"{combinators[0]} 条件不能带运算符 {', '.join(operators)}",
                f"an {combinators[0]} condition takes no operator ({', '.join(operators)})",
            )
        if self.field is not None and len(operators) != 1:
            raise custom_error(
                ProblemCode.CONDITION_SHAPE,
                f"字段 {self.field} 的条件须恰好有一个运算符：equals、in、contains 或 not_empty",
                f"a test of {self.field} needs exactly one operator: equals, in, contains or not_empty",
            )
        return self

    def _operators(self) -> list[str]:
        pairs = (("equals", self.equals), ("in", self.in_), ("contains", self.contains), ("not_empty", self.not_empty))
        return [name for name, value in pairs if value is not None]

    # Building --------------------------------------------------------------------------------

    @classmethod
    def all_of(cls, *conditions: Condition) -> Condition:
        return cls.model_validate({"all": conditions})

    @classmethod
    def any_of(cls, *conditions: Condition) -> Condition:
        return cls.model_validate({"any": conditions})

    @classmethod
    def negate(cls, condition: Condition) -> Condition:
        return cls.model_validate({"not": condition})

    @classmethod
    def test(
        cls, field: FactField | str, operator: Operator | str, value: str | bool | list[str] | tuple[str, ...]
    ) -> Condition:
        """A single test, e.g. ``Condition.test("sensitivity", "equals", "sensitive")``."""
        return cls.model_validate({"field": field, str(operator): value})

    # Reading ---------------------------------------------------------------------------------

    @property
    def kind(self) -> ConditionKind:
        if self.all_ is not None:
            return "all"
        if self.any_ is not None:
            return "any"
        if self.not_ is not None:
            return "not"
        return "test"

    @property
    def children(self) -> tuple[Condition, ...]:
        if self.all_ is not None:
            return self.all_
        if self.any_ is not None:
            return self.any_
        return (self.not_,) if self.not_ is not None else ()

    @property
    def operator(self) -> Operator | None:
        operators = self._operators()
        return Operator(operators[0]) if self.field is not None and operators else None

    @property
    def value(self) -> str | bool | tuple[str, ...] | None:
        """The value a test compares with; ``None`` for ``all``/``any``/``not``."""
        for value in (self.equals, self.in_, self.contains, self.not_empty):
            if value is not None:
                return value
        return None

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children), default=0)

    def fields(self) -> frozenset[FactField]:
        """Every fact the condition looks at."""
        own = frozenset({self.field}) if self.field is not None else frozenset()
        return own.union(*(child.fields() for child in self.children))

    # Evaluating ------------------------------------------------------------------------------

    def holds(self, facts: ReleaseFacts) -> bool:
        """Whether the condition is true of the release."""
        return self.holds_for({field: facts.value(field) for field in self.fields()})

    def holds_for(self, values: FactValues) -> bool:
        """Whether the condition is true of these fact values (a set for list facts)."""
        if self.all_ is not None:
            return all(child.holds_for(values) for child in self.all_)
        if self.any_ is not None:
            return any(child.holds_for(values) for child in self.any_)
        if self.not_ is not None:
            return not self.not_.holds_for(values)
        assert self.field is not None
        actual = values[self.field]
        if self.equals is not None:
            return isinstance(actual, str) and actual == self.equals
        if self.in_ is not None:
            return isinstance(actual, str) and actual in self.in_
        if self.contains is not None:
            return isinstance(actual, frozenset) and self.contains in actual
        return isinstance(actual, frozenset) and bool(actual) == self.not_empty

    # Explaining ------------------------------------------------------------------------------

    def describe(self) -> tuple[str, str]:
        """The condition in words: (Chinese, English)."""
        return self._describe(nested=False)

    def _describe(self, *, nested: bool) -> tuple[str, str]:
        if self.all_ is not None or self.any_ is not None:
            joiner_zh, joiner_en = (" 且 ", " and ") if self.all_ is not None else (" 或 ", " or ")
            parts = [child._describe(nested=True) for child in self.children]
            zh, en = joiner_zh.join(p[0] for p in parts), joiner_en.join(p[1] for p in parts)
            return (f"（{zh}）", f"({en})") if nested and len(parts) > 1 else (zh, en)
        if self.not_ is not None:
            zh, en = self.not_._describe(nested=True)
            return f"并非{zh}", f"not {en}"
        return self._describe_test()

    def _describe_test(self) -> tuple[str, str]:
        assert self.field is not None
        field = self.field
        if self.equals is not None:
            return f"{field.label_zh}为「{value_label_zh(field, self.equals)}」", f"{field.label_en} is {self.equals}"
        if self.in_ is not None:
            listed_zh = "、".join(f"「{value_label_zh(field, v)}」" for v in self.in_)
            return f"{field.label_zh}为{listed_zh}之一", f"{field.label_en} is one of {', '.join(self.in_)}"
        if self.contains is not None:
            return f"{field.label_zh}包含「{self.contains}」", f"{field.label_en} include {self.contains}"
        if self.not_empty:
            return f"有{field.label_zh}", f"there are {field.label_en}"
        return f"没有{field.label_zh}", f"there are no {field.label_en}"

    def to_data(self) -> dict[str, Any]:
        """The condition as document data, e.g. ``{"field": "sensitivity", "equals": "sensitive"}``."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
