"""jsonb travels through asyncpg as text here (no codec is registered): read and write it explicitly."""

from __future__ import annotations

import json
from typing import Any


def loads(value: Any) -> Any:
    """A jsonb column's value as Python data."""
    return json.loads(value) if isinstance(value, str) else value


def dumps(value: Any) -> str:
    """Python data as a jsonb parameter."""
    return json.dumps(value, ensure_ascii=False, default=str)
