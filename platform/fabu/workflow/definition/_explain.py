"""Why a release needs the approvers it needs: the rule that matched, dimension by dimension, and the rules skipped."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from fabu.workflow.definition._actors import ApproverLevel
from fabu.workflow.definition._facts import FactField, ReleaseFacts, value_label_zh
from fabu.workflow.definition._matrix import AuthorityMatrix, MatrixDimension, MatrixRule, release_value

_FACT_FIELD = {
    MatrixDimension.IMPORTANCE: FactField.IMPORTANCE,
    MatrixDimension.SENSITIVITY: FactField.SENSITIVITY,
    MatrixDimension.CATEGORY: FactField.CATEGORY,
    MatrixDimension.CHANNEL: FactField.CHANNELS,
}


class DimensionCheck(BaseModel):
    """How one dimension of one rule compared with the release."""

    model_config = ConfigDict(frozen=True)

    dimension: MatrixDimension
    matched: bool
    wildcard: bool
    release_values: tuple[str, ...]
    rule_values: tuple[str, ...] | None
    message_zh: str
    message_en: str


class RuleCheck(BaseModel):
    """One rule tried against the release: matched, or skipped because of the dimensions that did not match."""

    model_config = ConfigDict(frozen=True)

    position: int
    key: str
    name: str
    name_en: str
    matched: bool
    dimensions: tuple[DimensionCheck, ...]
    approvers: tuple[ApproverLevel, ...]

    @property
    def failed(self) -> tuple[DimensionCheck, ...]:
        return tuple(check for check in self.dimensions if not check.matched)

    @property
    def reason_zh(self) -> str:
        checks = self.dimensions if self.matched else self.failed
        return "；".join(check.message_zh for check in checks)

    @property
    def reason_en(self) -> str:
        checks = self.dimensions if self.matched else self.failed
        return "; ".join(check.message_en for check in checks)


class Explanation(BaseModel):
    """Which rule of the matrix decided the approvers for a release, and why; which earlier rules were skipped, and why.

    Attributes:
        matched: the deciding rule, or ``None`` when the matrix has a gap for these facts.
        skipped: every rule before the deciding one (all rules when none matched), with its reason.
        approvers: the approving levels in order (empty when no rule matched).
        summary_zh / summary_en: one sentence for people.
    """

    model_config = ConfigDict(frozen=True)

    matrix_key: str
    matrix_version: int
    facts: ReleaseFacts
    matched: RuleCheck | None
    skipped: tuple[RuleCheck, ...]
    approvers: tuple[ApproverLevel, ...]
    summary_zh: str
    summary_en: str

    def text_zh(self) -> str:
        """The whole explanation in Chinese, one line per rule."""
        lines = [self.summary_zh]
        if self.matched is not None:
            lines.append(f"  适用理由：{self.matched.reason_zh}")
        lines.extend(f"  跳过第 {rule.position + 1} 条「{rule.name}」：{rule.reason_zh}" for rule in self.skipped)
        return "\n".join(lines)

    def text_en(self) -> str:
        """The whole explanation in English, one line per rule."""
        lines = [self.summary_en]
        if self.matched is not None:
            lines.append(f"  because: {self.matched.reason_en}")
        lines.extend(f"  skipped rule {rule.position + 1} “{rule.name_en}”: {rule.reason_en}" for rule in self.skipped)
        return "\n".join(lines)


def explain(matrix: AuthorityMatrix, facts: ReleaseFacts) -> Explanation:
    """Try the rules in order against ``facts`` and say what happened."""
    skipped: list[RuleCheck] = []
    for position, rule in enumerate(matrix.rules):
        check = _check_rule(position, rule, facts)
        if check.matched:
            chain_zh = " → ".join(level.label_zh for level in rule.approvers)
            chain_en = " → ".join(level.label_en for level in rule.approvers)
            return Explanation(
                matrix_key=matrix.key,
                matrix_version=matrix.version,
                facts=facts,
                matched=check,
                skipped=tuple(skipped),
                approvers=rule.approvers,
                summary_zh=f"依审定权限矩阵第 {position + 1} 条规则「{rule.name}」（{rule.key}），由{chain_zh}审定。",
                summary_en=f"Rule {position + 1} “{rule.name_en}” ({rule.key}) of the authority matrix applies: approval by {chain_en}.",
            )
        skipped.append(check)
    return Explanation(
        matrix_key=matrix.key,
        matrix_version=matrix.version,
        facts=facts,
        matched=None,
        skipped=tuple(skipped),
        approvers=(),
        summary_zh="审定权限矩阵中没有适用于此信息的规则（矩阵有缺口），无法确定审定人。",
        summary_en="No rule of the authority matrix applies to this release (the matrix has a gap); the approvers cannot be determined.",
    )


def _check_rule(position: int, rule: MatrixRule, facts: ReleaseFacts) -> RuleCheck:
    dimensions = tuple(_check_dimension(rule, dimension, facts) for dimension in MatrixDimension)
    return RuleCheck(
        position=position,
        key=rule.key,
        name=rule.name,
        name_en=rule.name_en,
        matched=all(check.matched for check in dimensions),
        dimensions=dimensions,
        approvers=rule.approvers,
    )


def _check_dimension(rule: MatrixRule, dimension: MatrixDimension, facts: ReleaseFacts) -> DimensionCheck:
    field = _FACT_FIELD[dimension]
    values = release_value(dimension, facts)
    listed = rule.listed(dimension)
    matched = rule.matches_dimension(dimension, facts)
    shown_zh = "、".join(f"「{value_label_zh(field, value)}」" for value in values) or "（未选择）"
    shown_en = ", ".join(values) or "(none chosen)"
    label_zh, label_en = dimension.label_zh, "channels" if dimension is MatrixDimension.CHANNEL else dimension.label_en
    if listed is None:
        zh = f"{label_zh}{shown_zh}：规则不限（*）"
        en = f"{label_en} {shown_en}: the rule accepts any (*)"
    else:
        listed_zh = "、".join(f"「{value_label_zh(field, value)}」" for value in listed)
        listed_en = ", ".join(listed)
        if dimension is MatrixDimension.CHANNEL:
            relation_zh, relation_en = (
                ("含有规则所列", "include one of") if matched else ("不含规则所列", "include none of")
            )
            zh, en = f"{label_zh}{shown_zh}{relation_zh}{listed_zh}", f"{label_en} {shown_en} {relation_en} {listed_en}"
        else:
            relation_zh, relation_en = ("在", "is among") if matched else ("不在", "is not among")
            zh = f"{label_zh}{shown_zh}{relation_zh}规则所列{listed_zh}之中"
            en = f"{label_en} {shown_en} {relation_en} {listed_en}"
    return DimensionCheck(
        dimension=dimension,
        matched=matched,
        wildcard=listed is None,
        release_values=values,
        rule_values=listed,
        message_zh=zh,
        message_en=en,
    )
