"""The authority matrix (审定权限划分): who approves a release, by importance, sensitivity, category and channel.

Rules are tried in order; the first whose every dimension matches gives the approving levels. A
dimension is written explicitly, either ``"*"`` (any value) or one value or a list of values;
``channel`` may be left out (it then means ``"*"``). A release matches a ``channel`` list when
any of its channels is in it. In Python a wildcard dimension reads as ``None``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    model_validator,
)

from fabu.workflow.definition._actors import ApproverLevel
from fabu.workflow.definition._facts import Importance, ReleaseFacts, SensitivityValue
from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._pydantic_errors import custom_error, problems_error
from fabu.workflow.definition._template import Key, Name, Text

ANY = "*"


def _wildcard(value: object) -> object:
    """``"*"`` becomes ``None`` (any); one value becomes a one-item list; ``null`` is refused."""
    if value is None:
        raise custom_error(
            ProblemCode.MISSING_FIELD, "请写明取值，任意值写 '*'", "write the values, or '*' for any value"
        )
    if value == ANY:
        return None
    if isinstance(value, str):
        return (value,)
    return value


def _written(value: tuple[Any, ...] | None) -> str | list[str]:
    return ANY if value is None else [str(item) for item in value]


def _schema(items: dict[str, Any], description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "description": description,
            "anyOf": [{"const": ANY}, items, {"type": "array", "items": items, "minItems": 1}],
        }
    )


_STRING = {"type": "string", "minLength": 1}

ImportanceMatch = Annotated[
    Annotated[tuple[Importance, ...], Field(min_length=1)] | None,
    BeforeValidator(_wildcard),
    PlainSerializer(_written),
    _schema({"enum": list(Importance)}, "重要程度 / importance: '*', one value, or a list"),
]
SensitivityMatch = Annotated[
    Annotated[tuple[SensitivityValue, ...], Field(min_length=1)] | None,
    BeforeValidator(_wildcard),
    PlainSerializer(_written),
    _schema({"enum": ["normal", "sensitive"]}, "敏感程度 / sensitivity: '*', one value, or a list"),
]
CategoryMatch = Annotated[
    Annotated[tuple[StrictStr, ...], Field(min_length=1)] | None,
    BeforeValidator(_wildcard),
    PlainSerializer(_written),
    _schema(_STRING, "信息公开目录类别 / disclosure-catalogue category: '*', one value, or a list"),
]
ChannelMatch = Annotated[
    Annotated[tuple[StrictStr, ...], Field(min_length=1)] | None,
    BeforeValidator(_wildcard),
    PlainSerializer(_written),
    _schema(_STRING, "发布渠道 / channel: '*', one value, or a list"),
]


class MatrixDimension(StrEnum):
    """The dimensions a rule matches on, in the order they are explained."""

    IMPORTANCE = "importance"
    SENSITIVITY = "sensitivity"
    CATEGORY = "category"
    CHANNEL = "channel"

    @property
    def label_zh(self) -> str:
        return {"importance": "重要程度", "sensitivity": "敏感程度", "category": "信息类别", "channel": "发布渠道"}[
            self.value
        ]

    @property
    def label_en(self) -> str:
        return self.value


class MatrixRule(BaseModel):
    """One rule: when every dimension matches, ``approvers`` approve, in order (lowest level first).

    ``importance``, ``sensitivity``, ``category`` and ``channel`` are ``None`` for the wildcard ``*``,
    otherwise the values listed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: Key
    name: Name
    name_en: Name
    importance: ImportanceMatch
    sensitivity: SensitivityMatch
    category: CategoryMatch
    channel: ChannelMatch = None
    approvers: tuple[ApproverLevel, ...] = Field(min_length=1)

    def listed(self, dimension: MatrixDimension) -> tuple[str, ...] | None:
        """The values the rule lists for ``dimension``, or ``None`` for the wildcard."""
        values: tuple[str, ...] | None = getattr(self, dimension.value)
        return None if values is None else tuple(str(value) for value in values)

    def matches_dimension(self, dimension: MatrixDimension, facts: ReleaseFacts) -> bool:
        listed = self.listed(dimension)
        if listed is None:
            return True
        if dimension is MatrixDimension.CHANNEL:
            return any(channel in listed for channel in facts.channels)
        return str(release_value(dimension, facts)[0]) in listed

    def matches(self, facts: ReleaseFacts) -> bool:
        return all(self.matches_dimension(dimension, facts) for dimension in MatrixDimension)


def release_value(dimension: MatrixDimension, facts: ReleaseFacts) -> tuple[str, ...]:
    """The release's value(s) on a dimension: one value, or its channels."""
    if dimension is MatrixDimension.IMPORTANCE:
        return (facts.importance.value,)
    if dimension is MatrixDimension.SENSITIVITY:
        return (facts.sensitivity.value,)
    if dimension is MatrixDimension.CATEGORY:
        return (facts.category,)
    return facts.channels


class AuthorityMatrix(BaseModel):
    """A versioned authority matrix (审定权限矩阵): ordered rules, first match wins.

    Every instance has passed the semantic pass of ``_matrix_checks`` (duplicate keys, repeated
    values, approvers out of order). Completeness over a unit's catalogue is checked when it is
    applied, with ``check_matrix_coverage``/``ensure_matrix_complete``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: Key
    version: StrictInt = Field(ge=1)
    name: Name
    name_en: Name
    description: Text = ""
    rules: tuple[MatrixRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _semantics(self) -> AuthorityMatrix:
        from fabu.workflow.definition._matrix_checks import check_matrix  # the checks read this model

        problems = [found for found in check_matrix(self) if found.is_error]
        if problems:
            raise problems_error(problems)
        return self

    def first_match(self, facts: ReleaseFacts) -> MatrixRule | None:
        """The rule that decides for ``facts``, or ``None`` when the matrix has a gap there."""
        return next((rule for rule in self.rules if rule.matches(facts)), None)

    def rule(self, key: str) -> MatrixRule:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise KeyError(key)
