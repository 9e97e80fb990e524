"""The manifest's JSON Schema, committed as ``tenants/schema.json`` (a test fails when it drifts)."""

from __future__ import annotations

import json
from typing import Any

from fabu.onboarding._manifest import Manifest


def manifest_json_schema() -> dict[str, Any]:
    schema = Manifest.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def manifest_json_schema_text() -> str:
    return json.dumps(manifest_json_schema(), ensure_ascii=False, indent=2) + "\n"
