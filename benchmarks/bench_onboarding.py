"""Benchmark of onboarding: validate + apply a 500-department, 5,000-person manifest.

Run with ``uv run python benchmarks/bench_onboarding.py``. It prints a short report and ``main()``
returns the figures. The baseline, in the same run on the same embedded servers, is validating
and applying the small county example (``tenants/examples/county-office.yaml``, five people);
the headline figure is the large unit's time divided by the small one's. Re-applying the large
manifest unchanged (read, compare, write nothing) is reported too.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from _support import embedded_platform
from fabu.channels.secrets import new_key
from fabu.onboarding import apply_manifest, load_manifest

SEED = 20261126
DEPARTMENTS = 500
PEOPLE = 5_000
LEADERS = 20
SMALL_RUNS = 5
COUNTY = Path(__file__).resolve().parents[1] / "tenants" / "examples" / "county-office.yaml"
ROLES = ("drafter", "department_reviewer", "publisher")


def large_manifest(code: str) -> str:
    """A seeded city-wide unit: 20 top-level departments each with 24 sections, 5,000 people, 20 leaders."""
    rng = random.Random(SEED)
    departments: list[dict[str, Any]] = [{"code": "office", "name": "办公室", "office": True}]
    tops = [f"d{index:02d}" for index in range(19)]
    departments += [{"code": top, "name": f"第{index + 1}局"} for index, top in enumerate(tops)]
    while len(departments) < DEPARTMENTS:
        parent = tops[len(departments) % len(tops)]
        departments.append({"code": f"s{len(departments):03d}", "name": f"第{len(departments)}科", "parent": parent})
    codes = [entry["code"] for entry in departments]
    people: list[dict[str, Any]] = []
    for index in range(LEADERS):
        people.append({"name": f"领导{index}", "username": f"leader{index:02d}", "memberships": [{"department": "office", "roles": ["leader"]}]})
    people.append({"name": "复审", "username": "office", "memberships": [{"department": "office", "roles": ["office_reviewer", "tenant_admin"]}]})
    while len(people) < PEOPLE:
        index = len(people)
        home = codes[index % len(codes)]
        memberships = [{"department": home, "roles": [ROLES[index % 2], *(["publisher"] if rng.random() < 0.05 else [])]}]
        if rng.random() < 0.1:
            memberships.append({"department": rng.choice(codes), "roles": ["drafter"]})
            if memberships[1]["department"] == home:
                memberships.pop()
        person: dict[str, Any] = {"key": f"e{index:05d}", "name": f"员工{index}", "title": "科员", "memberships": memberships}
        if index % 5:
            person["username"] = f"u{index:05d}"
        people.append(person)
    manifest = {
        "unit": {"code": code, "name": "示范省大型单位"},
        "departments": departments,
        "people": people,
        "leaders": {"principal": "leader00", "supervising": {c: f"leader{i % LEADERS:02d}" for i, c in enumerate(codes)}},
        "catalogue": {
            "index_scheme": {"organisation_code": "11110000MB0000000X"},
            "categories": [{"code": f"类别{index}", "name": f"类别{index}"} for index in range(20)],
        },
        "workflow": {"template": "standard", "matrix": "standard-matrix"},
    }
    return yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False)


async def timed_apply(text: str, settings: Any) -> tuple[float, float, int]:
    """(seconds to validate, seconds to apply, changes)."""
    started = time.perf_counter()
    valid = load_manifest(text)
    validated = time.perf_counter()
    result = await apply_manifest(valid, settings)
    return validated - started, time.perf_counter() - validated, len(result.diff.lines)


async def run() -> dict[str, Any]:
    county = COUNTY.read_text(encoding="utf-8")
    async with embedded_platform(db_pool_size=4) as platform:
        # The county example installs channels, whose configs are sealed with FABU_SECRETS_KEYS.
        settings = platform.settings.model_copy(update={"secrets_keys": new_key()})
        small = []
        for _ in range(SMALL_RUNS):
            text = county.replace("code: demo-county", f"code: c-{uuid.uuid4().hex[:8]}")
            validate, apply, _ = await timed_apply(text, settings)
            small.append(validate + apply)
        large_text = large_manifest(f"big-{uuid.uuid4().hex[:8]}")
        large_validate, large_apply, changes = await timed_apply(large_text, settings)
        reapply_validate, reapply, unchanged = await timed_apply(large_text, settings)
    small_seconds = statistics.median(small)
    large_seconds = large_validate + large_apply
    return {
        "small_seconds": round(small_seconds, 4),
        "large_validate_seconds": round(large_validate, 3),
        "large_apply_seconds": round(large_apply, 3),
        "large_changes": changes,
        "large_reapply_seconds": round(reapply_validate + reapply, 3),
        "large_reapply_changes": unchanged,
        "manifest_characters": len(large_text),
        "ratio_large_to_small": round(large_seconds / small_seconds, 1),
        "ratio_reapply_to_small": round((reapply_validate + reapply) / small_seconds, 1),
    }


def main() -> dict[str, Any]:
    figures = asyncio.run(run())
    print(f"small unit (county example, median of {SMALL_RUNS}): {figures['small_seconds']:.3f} s")
    print(
        f"large unit ({DEPARTMENTS} departments, {PEOPLE} people): validate {figures['large_validate_seconds']} s, "
        f"apply {figures['large_apply_seconds']} s ({figures['large_changes']} changes)"
    )
    print(f"re-apply unchanged: {figures['large_reapply_seconds']} s ({figures['large_reapply_changes']} changes)")
    print(f"ratio large/small: {figures['ratio_large_to_small']}x; re-apply/small: {figures['ratio_reapply_to_small']}x")
    return figures


if __name__ == "__main__":
    main()
