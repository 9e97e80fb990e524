"""Durations in documents: ISO-8601 (``P2D``, ``PT36H``, ``P1DT12H``) or a plain number of hours (``48``)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._pydantic_errors import custom_error

MAX_DURATION = timedelta(days=366)

_ISO = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)
_JSON_PATTERN = r"^P(?:\d+W)?(?:\d+D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+M)?(?:\d+S)?)?$"


def parse_duration(value: object) -> timedelta:
    """Read a duration written in a document; raise a bilingual ``BAD_DURATION`` error otherwise."""
    if isinstance(value, timedelta):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = timedelta(hours=value)
    elif isinstance(value, str):
        result = _parse_iso(value.strip().upper())
    else:
        raise _bad(
            value,
            "应为 ISO-8601 时长（如 P2D、PT36H）或小时数",
            "expected an ISO-8601 duration (e.g. P2D, PT36H) or a number of hours",
        )
    if result <= timedelta(0):
        raise _bad(value, "时长必须大于零", "the duration must be positive")
    if result > MAX_DURATION:
        raise _bad(value, "时长不能超过 366 天", "the duration must not exceed 366 days")
    return result


def _parse_iso(text: str) -> timedelta:
    match = _ISO.match(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        date_part = text.split("T")[0]
        if text.startswith("P") and ("Y" in date_part or "M" in date_part):
            raise _bad(
                text,
                "不支持年、月：它们长短不一，请改用天或周（如 P30D）",
                "years and months have no fixed length; use days or weeks (e.g. P30D)",
            )
        raise _bad(
            text,
            "不是有效的 ISO-8601 时长（如 P2D、PT36H、P1DT12H）",
            "not a valid ISO-8601 duration (e.g. P2D, PT36H, P1DT12H)",
        )
    parts = {name: float(amount) for name, amount in match.groupdict().items() if amount is not None}
    return timedelta(**parts)


def _bad(value: object, message_zh: str, message_en: str) -> Exception:
    shown = repr(value)
    return custom_error(
        ProblemCode.BAD_DURATION, f"时长 {shown} 无效：{message_zh}", f"bad duration {shown}: {message_en}"
    )


def format_iso(duration: timedelta) -> str:
    """The canonical ISO-8601 form: ``P2D``, ``PT4H``, ``P1DT12H30M``."""
    total = int(duration.total_seconds())
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    date = f"{days}D" if days else ""
    time = "".join(f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if amount)
    return f"P{date}" + (f"T{time}" if time else "") if (date or time) else "PT0S"


def describe_duration(duration: timedelta) -> tuple[str, str]:
    """A duration in words: ``("1天12小时", "1 day 12 hours")``."""
    total = int(duration.total_seconds())
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    units = ((days, "天", "day"), (hours, "小时", "hour"), (minutes, "分钟", "minute"))
    zh = "".join(f"{amount}{unit_zh}" for amount, unit_zh, _ in units if amount)
    en = " ".join(f"{amount} {unit_en}{'s' if amount != 1 else ''}" for amount, _, unit_en in units if amount)
    return zh or "0分钟", en or "0 minutes"


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_iso, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": _JSON_PATTERN,
                    "description": "ISO-8601 duration without years or months, e.g. P2D, PT36H",
                },
                {"type": "number", "exclusiveMinimum": 0, "maximum": 8784, "description": "hours"},
            ],
            "description": "时长：ISO-8601（如 P2D）或小时数 / a duration: ISO-8601 (e.g. P2D) or a number of hours",
        }
    ),
]
"""A positive duration of at most 366 days; read from ISO-8601 or hours, written as canonical ISO-8601."""
