"""GraphQL enums of the releases domain, each value described with its Chinese and English label."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from fabu.releases.diff import DiffOperation
from fabu.releases.kinds import Importance, Sensitivity, VersionKind


def _labelled(domain: type[Importance] | type[Sensitivity], name: str, description: str) -> Any:
    members = {m.name: strawberry.enum_value(m.value, description=f"{m.label_zh} / {m.label_en}") for m in domain}
    return strawberry.enum(Enum(name, members), name=name, description=description)  # type: ignore[call-overload]


ImportanceEnum = _labelled(Importance, "Importance", "重要程度 / importance")
SensitivityEnum = _labelled(
    Sensitivity, "Sensitivity", "敏感程度 / sensitivity（没有“涉密”：涉密信息不得录入 / there is no classified level: classified material is never entered）"
)
VersionKindEnum = strawberry.enum(VersionKind, name="VersionKind", description="版本由何而来 / what made a version")
DiffOperationEnum = strawberry.enum(DiffOperation, name="DiffOperation", description="文本差异段的类型 / kind of a text-diff segment")
