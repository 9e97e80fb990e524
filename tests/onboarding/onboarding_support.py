"""Example manifests as data, with a fresh unit code per test so tests never share a unit."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path
from typing import Any

import yaml

from fabu.onboarding import ValidManifest, parse_manifest_yaml, validate_manifest

EXAMPLES = Path(__file__).resolve().parents[2] / "tenants" / "examples"
CITY, COUNTY = "city-bureau.yaml", "county-office.yaml"
_CACHE: dict[str, dict[str, Any]] = {}


def example(name: str, *, fresh_code: bool = True) -> dict[str, Any]:
    """An example manifest's data (a deep copy), under a new unit code unless told otherwise."""
    if name not in _CACHE:
        data = parse_manifest_yaml((EXAMPLES / name).read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        _CACHE[name] = data
    data = copy.deepcopy(_CACHE[name])
    if fresh_code:
        data["unit"]["code"] = f"t-{uuid.uuid4().hex[:10]}"
    return data


def valid(data: dict[str, Any]) -> ValidManifest:
    return validate_manifest(data)


def as_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def person(data: dict[str, Any], username: str) -> dict[str, Any]:
    found: dict[str, Any] = next(entry for entry in data["people"] if entry.get("username") == username)
    return found
