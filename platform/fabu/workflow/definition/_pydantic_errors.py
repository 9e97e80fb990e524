"""Turning pydantic's validation errors into bilingual, path-addressed definition problems."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._problems import DefinitionProblem, ProblemCode, problem

CUSTOM_ERROR = "fabu_definition"
PROBLEMS_ERROR = "fabu_definition_problems"

# Keys whose value is a condition: an unknown key inside one is an unknown operator.
_CONDITION_KEYS = frozenset({"when"})
_STAGE_TAGS = frozenset(StageKind)

_TYPE_NAMES: dict[str, tuple[str, str]] = {
    "string_type": ("字符串", "a string"),
    "int_type": ("整数", "an integer"),
    "int_parsing": ("整数", "an integer"),
    "int_from_float": ("整数", "an integer"),
    "float_type": ("数字", "a number"),
    "bool_type": ("布尔值 true 或 false", "a boolean, true or false"),
    "bool_parsing": ("布尔值 true 或 false", "a boolean, true or false"),
    "list_type": ("列表", "a list"),
    "tuple_type": ("列表", "a list"),
    "set_type": ("列表", "a list"),
    "dict_type": ("映射（键: 值）", "a mapping (key: value)"),
    "model_type": ("映射（键: 值）", "a mapping (key: value)"),
    "model_attributes_type": ("映射（键: 值）", "a mapping (key: value)"),
}


def custom_error(code: ProblemCode, message_zh: str, message_en: str) -> PydanticCustomError:
    """An error for a model validator to raise that keeps its code and both messages."""
    return PydanticCustomError(
        CUSTOM_ERROR, "{message_en}", {"code": code, "message_zh": message_zh, "message_en": message_en}
    )


def problems_error(problems: Sequence[DefinitionProblem]) -> PydanticCustomError:
    """An error carrying a semantic pass's problems out of a model validator, paths relative to the model."""
    return PydanticCustomError(
        PROBLEMS_ERROR, "{summary}", {"summary": "; ".join(map(str, problems)), "problems": tuple(problems)}
    )


def format_loc(loc: Sequence[int | str]) -> str:
    """``("stages", 3, "outcomes", "return_to")`` becomes ``stages[3].outcomes.return_to``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def problems_from_validation_error(error: ValidationError) -> list[DefinitionProblem]:
    """Every error of ``error`` as a problem, in the order pydantic found them."""
    found: list[DefinitionProblem] = []
    for details in error.errors(include_url=False):
        found.extend(_convert(details))
    # A list whose items failed also reads as "too short" to pydantic; the item problems say it all.
    return [
        item
        for item in found
        if item.code is not ProblemCode.TOO_FEW_ITEMS
        or not any(other.path.startswith(f"{item.path}[") for other in found)
    ]


def _clean_loc(loc: Sequence[int | str]) -> list[int | str]:
    """Drop the discriminator tags pydantic inserts after a stage's index (``stages.3.review.key``)."""
    cleaned: list[int | str] = []
    for index, part in enumerate(loc):
        if (
            index >= 2
            and isinstance(part, str)
            and part in _STAGE_TAGS
            and isinstance(loc[index - 1], int)
            and loc[index - 2] == "stages"
        ):
            continue
        cleaned.append(part)
    return cleaned


def _convert(details: ErrorDetails) -> list[DefinitionProblem]:
    loc = _clean_loc(details["loc"])
    kind = details["type"]
    ctx: dict[str, Any] = dict(details.get("ctx") or {})
    if kind == PROBLEMS_ERROR:
        prefix = format_loc(loc)
        return [item.under(prefix) for item in ctx["problems"]]
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        loc = [*loc, "kind"]
    path = format_loc(loc)
    if kind == CUSTOM_ERROR:
        return [problem(path, ProblemCode(ctx["code"]), ctx["message_zh"], ctx["message_en"])]
    last = loc[-1] if loc else ""
    in_condition = any(part in _CONDITION_KEYS for part in loc[:-1])
    if last in _CONDITION_KEYS and kind in ("dict_type", "model_type", "model_attributes_type"):
        in_condition = True  # the condition itself is not a mapping (e.g. someone wrote an expression)
    return [_standard(path, kind, details, ctx, in_condition=in_condition, last=last)]


def _standard(
    path: str, kind: str, details: ErrorDetails, ctx: dict[str, Any], *, in_condition: bool, last: int | str
) -> DefinitionProblem:
    value = _short(details.get("input"))
    if kind == "missing":
        return problem(path, ProblemCode.MISSING_FIELD, f"缺少必填项「{last}」", f"required field {last!s} is missing")
    if kind == "extra_forbidden":
        if in_condition:
            return problem(
                path,
                ProblemCode.UNKNOWN_CONDITION_OPERATOR,
                f"未知的条件运算符「{last}」；可用：all、any、not、field 与 equals、in、contains、not_empty",
                f"unknown condition operator {last!s}; use all, any, not, or field with equals, in, contains, not_empty",
            )
        return problem(path, ProblemCode.UNKNOWN_KEY, f"不认识的字段「{last}」", f"unknown key {last!s}")
    if kind == "union_tag_invalid":
        expected = ctx.get("expected_tags", "")
        return problem(
            path,
            ProblemCode.UNKNOWN_STAGE_KIND,
            f"未知的环节类型 {value}，可用：{expected}",
            f"unknown stage kind {value}; expected one of {expected}",
        )
    if kind == "union_tag_not_found":
        return problem(path, ProblemCode.MISSING_FIELD, "环节缺少类型 kind", "the stage has no kind")
    if kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        if in_condition and last == "field":
            return problem(
                path,
                ProblemCode.UNKNOWN_CONDITION_FIELD,
                f"条件不能使用字段 {value}，可用：{expected}",
                f"conditions cannot use field {value}; the release facts are {expected}",
            )
        return problem(
            path,
            ProblemCode.INVALID_VALUE,
            f"取值 {value} 无效，应为 {expected} 之一",
            f"invalid value {value}; expected one of {expected}",
        )
    if kind in _TYPE_NAMES:
        zh, en = _TYPE_NAMES[kind]
        code = ProblemCode.CONDITION_VALUE_TYPE if in_condition else ProblemCode.WRONG_TYPE
        if in_condition and kind in ("dict_type", "model_type", "model_attributes_type"):
            return problem(
                path,
                ProblemCode.CONDITION_SHAPE,
                f"条件必须是映射，如 {{field: sensitivity, equals: sensitive}}；不支持表达式或代码，收到 {value}",
                f"a condition must be a mapping such as {{field: sensitivity, equals: sensitive}}; expressions and code are not supported, got {value}",
            )
        return problem(path, code, f"应为{zh}，收到 {value}", f"expected {en}, got {value}")
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return problem(path, ProblemCode.TOO_FEW_ITEMS, f"至少需要 {minimum} 项", f"needs at least {minimum} item(s)")
    if kind in ("too_long", "string_too_long"):
        maximum = ctx.get("max_length", "")
        return problem(path, ProblemCode.TOO_LONG, f"过长，最多 {maximum}", f"too long; at most {maximum}")
    if kind == "string_too_short":
        return problem(path, ProblemCode.MISSING_FIELD, "不能为空", "must not be empty")
    if kind == "string_pattern_mismatch":
        return problem(
            path,
            ProblemCode.BAD_KEY_FORMAT,
            f"标识 {value} 格式不正确：须以小写字母开头，只含小写字母、数字、下划线或连字符",
            f"identifier {value} is malformed: start with a lowercase letter; use lowercase letters, digits, underscores or hyphens",
        )
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt", ""))
        return problem(
            path,
            ProblemCode.INVALID_VALUE,
            f"取值 {value} 太小，下限 {bound}",
            f"value {value} is too small; the minimum is {bound}",
        )
    return problem(path, ProblemCode.INVALID_VALUE, f"取值无效：{details['msg']}", f"invalid value: {details['msg']}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
