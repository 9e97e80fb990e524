"""Jobs travel as JSON, never pickle: write access to Redis must not mean code execution."""

from __future__ import annotations

import json
from typing import Any


def job_serializer(value: dict[str, Any]) -> bytes:
    return json.dumps(value, default=str, separators=(",", ":")).encode()


def job_deserializer(data: bytes) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(data)
    return result
