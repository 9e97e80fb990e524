"""Benchmark of what the pre-publication checks add to saving a release.

Run with ``uv run python benchmarks/run.py check_save`` (or this file directly). It prints a
short report and ``main()`` returns the figures as a dict.

* Servers: embedded PostgreSQL and Redis in a temporary directory, a freshly migrated database,
  the platform's services connected as the non-owner app role (``_support.embedded_platform``).
* Data (seeded): one unit with 30 leaders holding titles, 200 entries in its own lexicon and
  200 releases ready for publication (about 2,000 characters each, alike the way a unit's
  releases are), so every save is checked against the roster, both lexicons and the corpus.
* Measured: saving a new version (``save_new_version``, each in its own tenant transaction) of
  a 3,000-character release, with the checks as every save runs them (``fabu.workflow.hooks``)
  and without them (the hook's check replaced by a no-op), in ``ROUNDS`` rounds alternating
  which goes first, after a warm-up that compiles the unit's lexicon and indexes its corpus.
  The headline figure is the median per-round ratio of time per save with checks to without.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from _support import embedded_platform, median
from bench_checks import SENTENCES, as_html, synthetic_text
from fabu.checking import StoredReport
from fabu.db.engine import DB
from fabu.db.session import platform_transaction, tenant_transaction
from fabu.releases import create_release, current_fields, save_new_version
from fabu.releases.content import ReleaseFields
from fabu.storage import TenantObjects
from fabu.tenancy import services
from fabu.tenancy.roles import Role
from fabu.workflow import hooks

SEED = 20261126
LEADERS = 30
LEXICON_ENTRIES = 200
PUBLISHED = 200
PUBLISHED_BYTES = 6_000  # about 2,000 characters
RELEASE_BYTES = 9_000  # about 3,000 characters
SAVES = 20
ROUNDS = 5


@dataclasses.dataclass
class _Unit:
    tenant_id: UUID
    person_id: UUID
    department_id: UUID


async def _seed(objects_for: Callable[[UUID], TenantObjects], rng: random.Random, alphabet: list[str]) -> tuple[_Unit, UUID]:
    async with platform_transaction():
        tenant_id = await services.create_tenant(f"bench-{rng.randrange(10**8)}", "基准测试单位")
        department = await services.create_department(tenant_id, "policy", "政策法规科", is_office=False)
        drafter = await services.create_person(tenant_id, "起草人")
        await services.add_membership(tenant_id, drafter, department, Role.DRAFTER)
        for _ in range(LEADERS):
            name = f"{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice(alphabet)}{rng.choice(alphabet)}"
            leader = await services.create_person(tenant_id, name, title=rng.choice(["副市长", "市长", "秘书长", "副秘书长"]))
            await services.add_membership(tenant_id, leader, department, Role.LEADER)
    unit = _Unit(tenant_id, drafter, department)
    objects = objects_for(tenant_id)
    terms = []
    async with tenant_transaction(tenant_id):
        for number in range(LEXICON_ENTRIES):
            term = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 6))) + str(number)
            terms.append(term)
            await DB.fetch(
                """insert into lexicon_entries (tenant_id, term, kind, severity, note, created_by_person_id)
                   values ($1, $2, 'sensitive_word', 'warning', '基准测试词条', $3)""",
                tenant_id, term, drafter,
            )  # fmt: skip
        for number in range(PUBLISHED):
            text = synthetic_text(rng, terms, PUBLISHED_BYTES, alphabet=alphabet, unique_share=0.3)
            fields = ReleaseFields(title=f"已发布信息第{number + 1}号", lead_department_id=department, body_html=as_html(text))
            saved = await create_release(tenant_id, drafter, fields, objects=objects)
            await DB.fetch("update releases set workflow_state = 'ready' where id = $1", saved.release_id)
        text = synthetic_text(rng, terms, RELEASE_BYTES, alphabet=alphabet, unique_share=0.3)
        fields = ReleaseFields(title="关于进一步优化营商环境的若干措施", lead_department_id=department, body_html=as_html(text))
        measured = await create_release(tenant_id, drafter, fields, objects=objects)
    return unit, measured.release_id


async def _no_check(tenant_id: UUID, release_id: UUID, version_number: int | None = None, **_: Any) -> StoredReport | None:
    return None


async def _time_saves(unit: _Unit, release_id: UUID, objects: TenantObjects, counter: list[int]) -> float:
    """Seconds per save over ``SAVES`` saves, each a new version in its own transaction."""
    started = time.perf_counter()
    for _ in range(SAVES):
        counter[0] += 1
        async with tenant_transaction(unit.tenant_id):
            fields = await current_fields(release_id)
            row = await DB.fetchrow("select lock_version from releases where id = $1", release_id)
            assert row is not None
            changed = dataclasses.replace(fields, body_html=fields.body_html + f"<p>第{counter[0]}次修改：补充说明。</p>")
            await save_new_version(release_id, unit.person_id, changed, expected_lock_version=row["lock_version"], objects=objects)
    return (time.perf_counter() - started) / SAVES


async def _run() -> dict[str, float]:
    rng = random.Random(SEED)
    alphabet = sorted({c for s in SENTENCES for c in s if "\u4e00" <= c <= "\u9fff"})
    async with embedded_platform(db_pool_size=2) as platform:
        unit, release_id = await _seed(lambda tenant: TenantObjects(platform.services.store, tenant), rng, alphabet)
        objects = TenantObjects(platform.services.store, unit.tenant_id)
        checked = hooks.check_version
        counter = [0]

        async def with_checks() -> float:
            hooks.check_version = checked  # type: ignore[assignment]
            return await _time_saves(unit, release_id, objects, counter)

        async def without_checks() -> float:
            hooks.check_version = _no_check  # type: ignore[assignment]
            try:
                return await _time_saves(unit, release_id, objects, counter)
            finally:
                hooks.check_version = checked  # type: ignore[assignment]

        await with_checks()  # warm-up: compile the unit's lexicon, index its corpus
        await without_checks()
        ratios, with_times, without_times = [], [], []
        for round_ in range(ROUNDS):
            order: list[Callable[[], Awaitable[float]]] = [with_checks, without_checks]
            if round_ % 2:
                order.reverse()
            timed = {function.__name__: await function() for function in order}
            with_times.append(timed["with_checks"])
            without_times.append(timed["without_checks"])
            ratios.append(timed["with_checks"] / timed["without_checks"])
    return {
        "ratio_save_with_checks": round(median(ratios), 2),
        "ratio_range_low": round(min(ratios), 2),
        "ratio_range_high": round(max(ratios), 2),
        "ms_per_save_with_checks": round(median(with_times) * 1000, 1),
        "ms_per_save_without_checks": round(median(without_times) * 1000, 1),
        "ms_added_by_checks": round((median(with_times) - median(without_times)) * 1000, 1),
        "published_releases": PUBLISHED,
        "lexicon_entries": LEXICON_ENTRIES,
        "leaders": LEADERS,
    }


def main() -> dict[str, float]:
    """Run the benchmark, print a short report, return the figures."""
    figures = asyncio.run(_run())
    print(
        f"save with checks: {figures['ms_per_save_with_checks']} ms, without: {figures['ms_per_save_without_checks']} ms "
        f"(+{figures['ms_added_by_checks']} ms); ratio {figures['ratio_save_with_checks']} "
        f"[{figures['ratio_range_low']}–{figures['ratio_range_high']}] over {ROUNDS} rounds of {SAVES} saves"
    )
    print(f"unit: {LEADERS} leaders, {LEXICON_ENTRIES} lexicon entries, {PUBLISHED} releases ready for publication")
    return figures


if __name__ == "__main__":
    main()
