"""Checking a release's per-channel variants before they are saved.

A variant holds one target channel's own fields (a WeChat digest and cover, a Weibo text, a
bulletin's posting period...). Here only their shape is checked: which channel, which keys, plain
JSON values of bounded size. What the fields mean is the channel plugin's to judge: the workflow
runs the plugin's ``validate`` before a release may be scheduled (``fabu.workflow.channel_gate``).
Errors name the field as ``variants.<channel>`` or ``variants.<channel>.<key>``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fabu.errors import CommonErrorCode, FabuError
from fabu.releases.content import ChannelVariant

MAX_VARIANT_KEYS = 30
MAX_VARIANT_CHARS = 20_000
"""The largest variant, as compact JSON: room for a long digest, never a second body."""
MAX_DEPTH = 4

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _invalid(field: str, zh: str, en: str, code: CommonErrorCode = CommonErrorCode.INVALID) -> FabuError:
    return FabuError(code, zh, en, field=field)


def _value(value: Any, field: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _invalid(field, f"渠道字段嵌套不能超过 {MAX_DEPTH} 层", f"a channel field nests at most {MAX_DEPTH} levels")
    if isinstance(value, str):
        return _CONTROL.sub("", value).strip()
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        raise _invalid(
            field, "渠道字段不能是小数（请写成整数或文字）", "a channel field cannot be a decimal number (write an integer or text)"
        )
    if isinstance(value, list):
        return [_value(item, f"{field}[{index}]", depth + 1) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {str(key): _value(item, f"{field}.{key}", depth + 1) for key, item in value.items()}
    raise _invalid(field, "渠道字段的值格式不正确", "a channel field must hold JSON text, numbers, booleans, lists or objects")


def _variant(variant: ChannelVariant, channels: tuple[str, ...]) -> ChannelVariant:
    if not variant.channel:
        raise _invalid("variants", "渠道专属内容须注明渠道", "a variant must name its channel", CommonErrorCode.REQUIRED)
    field = f"variants.{variant.channel}"
    if variant.channel not in channels:
        raise _invalid(
            field,
            f"渠道“{variant.channel}”不在目标发布渠道中，不能设置其专属内容",
            f"“{variant.channel}” is not among the target channels, so it cannot have a variant",
        )
    if not isinstance(variant.fields, dict):
        raise _invalid(field, "渠道专属内容须为 JSON 对象", "a channel variant must be a JSON object")
    if len(variant.fields) > MAX_VARIANT_KEYS:
        raise _invalid(field, f"渠道专属字段最多 {MAX_VARIANT_KEYS} 个", f"a channel variant has at most {MAX_VARIANT_KEYS} fields")
    cleaned = {}
    for key, value in variant.fields.items():
        if not _KEY.match(str(key)):
            raise _invalid(
                f"{field}.{key}",
                "渠道字段名须以小写字母开头，只含小写字母、数字和下划线",
                "a channel field name starts with a lowercase letter and holds only lowercase letters, digits and _",
            )
        cleaned[key] = _value(value, f"{field}.{key}", 1)
    if len(json.dumps(cleaned, ensure_ascii=False, separators=(",", ":"))) > MAX_VARIANT_CHARS:
        raise _invalid(
            field,
            f"渠道专属内容不能超过 {MAX_VARIANT_CHARS} 个字符",
            f"a channel variant must be at most {MAX_VARIANT_CHARS} characters",
            CommonErrorCode.TOO_LONG,
        )
    return ChannelVariant(variant.channel, cleaned)


def normalize_variants(variants: tuple[ChannelVariant, ...], channels: tuple[str, ...]) -> tuple[ChannelVariant, ...]:
    """The variants checked and sorted by channel; an empty variant is dropped. Raises ``FabuError``."""
    seen: set[str] = set()
    cleaned = []
    for variant in variants:
        if variant.channel in seen:
            raise _invalid(
                f"variants.{variant.channel}",
                f"渠道“{variant.channel}”的专属内容重复",
                f"“{variant.channel}” has two variants",
                CommonErrorCode.DUPLICATE,
            )
        seen.add(variant.channel)
        checked = _variant(variant, channels)
        if checked.fields:
            cleaned.append(checked)
    return tuple(sorted(cleaned, key=lambda v: v.channel))
