"""The difference between two versions, shaped for a UI: field changes and a line-level text diff."""

from __future__ import annotations

import strawberry

from fabu.graphql.releases.enums import DiffOperationEnum
from fabu.releases.diff import VersionDiff


@strawberry.type(description="一个字段的变化 / a change of one field")
class FieldChange:
    field: str = strawberry.field(description="字段名（同 Release 的字段）/ the field, named as on Release")
    old: str | None
    new: str | None


@strawberry.type(description="正文可见文本的一段差异 / a segment of the body's visible-text diff")
class TextDiffSegment:
    operation: DiffOperationEnum  # type: ignore[valid-type]
    lines: list[str] = strawberry.field(description="段落/行 / paragraphs or lines")


@strawberry.type(description="两个版本间的差异 / what changed between two versions")
class ReleaseDiff:
    from_: int = strawberry.field(name="from")
    to: int
    field_changes: list[FieldChange]
    body_text: list[TextDiffSegment] = strawberry.field(description="正文文本逐段比较 / the body's text, compared paragraph by paragraph")

    @classmethod
    def from_diff(cls, diff: VersionDiff) -> ReleaseDiff:
        return cls(
            from_=diff.from_number,
            to=diff.to_number,
            field_changes=[FieldChange(field=c.field, old=c.old, new=c.new) for c in diff.field_changes],
            body_text=[TextDiffSegment(operation=s.operation, lines=list(s.lines)) for s in diff.body_text],
        )
