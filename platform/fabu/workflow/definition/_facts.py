"""The facts about a release that conditions and the authority matrix may look at, and nothing else."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr, model_validator

from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._pydantic_errors import custom_error


class Importance(StrEnum):
    """How important a release is (重要程度): 一般 routine, 重要 important, 重大 major."""

    ROUTINE = "routine"
    IMPORTANT = "important"
    MAJOR = "major"

    @property
    def label_zh(self) -> str:
        return {"routine": "一般", "important": "重要", "major": "重大"}[self.value]

    @property
    def label_en(self) -> str:
        return self.value


class Sensitivity(StrEnum):
    """How sensitive a release is (敏感程度): 普通 normal or 敏感 sensitive.

    There is deliberately no member for 涉密 (classified): classified content is never released
    through Fabu, and any attempt to name it is refused with ``CLASSIFIED_NOT_ALLOWED``.
    """

    NORMAL = "normal"
    SENSITIVE = "sensitive"

    @property
    def label_zh(self) -> str:
        return {"normal": "普通", "sensitive": "敏感"}[self.value]

    @property
    def label_en(self) -> str:
        return self.value


CLASSIFIED_WORDS = frozenset({"classified", "secret", "confidential", "top_secret", "涉密", "秘密", "机密", "绝密"})


def refuse_classified(value: object) -> object:
    """Refuse 涉密 (classified) with its own clear message instead of a bare "invalid value"."""
    if isinstance(value, str) and value.strip().lower() in CLASSIFIED_WORDS:
        raise custom_error(
            ProblemCode.CLASSIFIED_NOT_ALLOWED,
            f"「{value}」不是可发布的敏感程度：涉密信息一律不得通过本系统发布",
            f"{value!r} is not a releasable sensitivity: classified information is never published through Fabu",
        )
    return value


SensitivityValue = Annotated[Sensitivity, BeforeValidator(refuse_classified)]


class FactField(StrEnum):
    """The release facts a condition may test; the closed list the condition grammar accepts."""

    IMPORTANCE = "importance"
    SENSITIVITY = "sensitivity"
    CATEGORY = "category"
    LEAD_DEPARTMENT = "lead_department"
    CO_DEPARTMENTS = "co_departments"
    CHANNELS = "channels"

    @property
    def label_zh(self) -> str:
        return _FIELD_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _FIELD_LABELS[self][1]

    @property
    def is_list(self) -> bool:
        """Whether the fact is a list (tested with ``contains``/``not_empty``) rather than one value."""
        return self in (FactField.CO_DEPARTMENTS, FactField.CHANNELS)

    @property
    def allowed_values(self) -> tuple[str, ...] | None:
        """The closed set of values of an enumerated fact; ``None`` for open ones (catalogue, departments, channels)."""
        if self is FactField.IMPORTANCE:
            return tuple(Importance)
        if self is FactField.SENSITIVITY:
            return tuple(Sensitivity)
        return None


_FIELD_LABELS: dict[FactField, tuple[str, str]] = {
    FactField.IMPORTANCE: ("重要程度", "importance"),
    FactField.SENSITIVITY: ("敏感程度", "sensitivity"),
    FactField.CATEGORY: ("信息类别", "category"),
    FactField.LEAD_DEPARTMENT: ("主办部门", "lead department"),
    FactField.CO_DEPARTMENTS: ("会签部门", "co-departments"),
    FactField.CHANNELS: ("发布渠道", "channels"),
}


def value_label_zh(field: FactField, value: str) -> str:
    """A fact value as a Chinese reader knows it: 敏感 rather than ``sensitive``; other values as they are."""
    if field is FactField.IMPORTANCE and value in tuple(Importance):
        return Importance(value).label_zh
    if field is FactField.SENSITIVITY and value in tuple(Sensitivity):
        return Sensitivity(value).label_zh
    return value


class ReleaseFacts(BaseModel):
    """What the workflow needs to know about one release to choose its route and its approvers.

    Attributes:
        importance: 一般 / 重要 / 重大.
        sensitivity: 普通 / 敏感 (涉密 is refused).
        category: the release's category in the unit's disclosure catalogue (信息公开目录).
        lead_department: the code of the lead department (主办部门).
        co_departments: codes of the departments that must countersign, never the lead department.
        channels: the channels chosen so far (plugin names such as ``portal``, ``wechat``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    importance: Importance
    sensitivity: SensitivityValue
    category: StrictStr = Field(min_length=1)
    lead_department: StrictStr = Field(min_length=1)
    co_departments: tuple[StrictStr, ...] = ()
    channels: tuple[StrictStr, ...] = ()

    @model_validator(mode="after")
    def _distinct_departments(self) -> ReleaseFacts:
        if self.lead_department in self.co_departments:
            raise custom_error(
                ProblemCode.INVALID_VALUE,
                f"主办部门 {self.lead_department} 不能同时是会签部门",
                f"the lead department {self.lead_department} cannot also be a co-department",
            )
        if len(set(self.co_departments)) != len(self.co_departments) or len(set(self.channels)) != len(self.channels):
            raise custom_error(
                ProblemCode.DUPLICATE_VALUE, "会签部门或发布渠道有重复", "co-departments or channels repeat a value"
            )
        return self

    def value(self, field: FactField) -> str | frozenset[str]:
        """The value of one fact: a string, or a set for the list facts."""
        if field is FactField.IMPORTANCE:
            return self.importance.value
        if field is FactField.SENSITIVITY:
            return self.sensitivity.value
        if field is FactField.CATEGORY:
            return self.category
        if field is FactField.LEAD_DEPARTMENT:
            return self.lead_department
        if field is FactField.CO_DEPARTMENTS:
            return frozenset(self.co_departments)
        return frozenset(self.channels)
