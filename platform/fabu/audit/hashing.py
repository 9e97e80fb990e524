"""Pluggable digest algorithms for the audit chain.

SHA-256 is the default. A unit that must use commercial cryptography (SM3) registers another
algorithm under its name; each entry records the algorithm it was hashed with, so a chain stays
verifiable across a change of algorithm.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

Digest = Callable[[bytes], str]

_ALGORITHMS: dict[str, Digest] = {"sha256": lambda data: hashlib.sha256(data).hexdigest()}
DEFAULT_ALGORITHM = "sha256"


def register_algorithm(name: str, digest: Digest) -> None:
    """Make ``digest`` available to the audit chain under ``name`` (e.g. "sm3")."""
    _ALGORITHMS[name] = digest


def digest(algorithm: str, data: bytes) -> str:
    """Hex digest of ``data`` with the named algorithm."""
    try:
        return _ALGORITHMS[algorithm](data)
    except KeyError:
        raise ValueError(f"未知的摘要算法 / unknown digest algorithm: {algorithm}") from None


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no whitespace, UTF-8, non-JSON values as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()
