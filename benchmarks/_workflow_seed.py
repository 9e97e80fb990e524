"""The workflow benchmark's unit: the test suite's staff on the built-in standard workflow, and routine
releases created and submitted through the services so each waits in department review."""

from __future__ import annotations

import time
from dataclasses import dataclass
from uuid import UUID

from _support import EmbeddedPlatform
from fabu.db.engine import DB
from fabu.db.session import platform_transaction, switch_tenant, tenant_transaction
from fabu.identity.accounts import create_account
from fabu.releases.content import ReleaseFields
from fabu.releases.kinds import Importance, Sensitivity
from fabu.releases.versions import create_release
from fabu.storage import TenantObjects
from fabu.tenancy import services as tenancy
from fabu.tenancy.roles import LeadershipKind, Role
from fabu.workflow import documents, engine
from fabu.workflow.definition import builtin_text

UNIT_CODE = "bench-wf"
PASSWORD = "benchmark-password-2026"
REVIEWER = "reviewer"
DRAFTER = "drafter"
# username -> (department code, roles): the test suite's staff (tests/factories.py STAFF)
STAFF: dict[str, tuple[str, list[Role]]] = {
    "admin": ("office", [Role.TENANT_ADMIN]),
    DRAFTER: ("policy", [Role.DRAFTER]),
    REVIEWER: ("policy", [Role.DEPARTMENT_REVIEWER]),
    "planner": ("planning", [Role.DEPARTMENT_REVIEWER]),
    "legal": ("legal", [Role.DEPARTMENT_REVIEWER]),
    "office": ("office", [Role.OFFICE_REVIEWER]),
    "deputy": ("office", [Role.LEADER]),
    "director": ("office", [Role.LEADER]),
    "publisher": ("office", [Role.PUBLISHER]),
    "auditor": ("office", [Role.AUDITOR]),
}
DEPARTMENTS = (("office", "办公室", True), ("policy", "政策法规科", False), ("planning", "规划科", False), ("legal", "法制科", False))
CATEGORY = "工作动态"
BODY = "<p>根据省政府统一部署，现就有关事项通知如下。</p>" + "<p>一、工作目标。进一步优化营商环境，提升政务服务效能。</p>" * 8

SEED_BATCH = 50  # releases created and submitted per transaction


@dataclass(frozen=True)
class Seeded:
    tenant_id: UUID
    people: dict[str, UUID]
    graphql_releases: list[UUID]
    pgbench_releases: list[UUID]
    seconds: float


async def seed_unit(platform: EmbeddedPlatform, graphql_releases: int, pgbench_releases: int) -> Seeded:
    """The unit, its staff and logins, the standard workflow, and the releases waiting in department review:
    ``graphql_releases`` for the GraphQL side, then ``pgbench_releases`` for pgbench."""
    started = time.perf_counter()
    settings = platform.settings
    people: dict[str, UUID] = {}
    async with platform_transaction():
        tenant_id = await tenancy.create_tenant(UNIT_CODE, "工作流基准测试单位")
        await switch_tenant(tenant_id)
        departments = {
            code: await tenancy.create_department(tenant_id, code, name, is_office=is_office)
            for code, name, is_office in DEPARTMENTS
        }
        for username, (department, roles) in STAFF.items():
            people[username] = await tenancy.create_person(tenant_id, f"{username}-姓名")
            for role in roles:
                await tenancy.add_membership(tenant_id, people[username], departments[department], role)
            await create_account(settings, tenant_id, people[username], username, PASSWORD)
        for department in ("policy", "planning", "legal"):
            await tenancy.set_leader(tenant_id, people["deputy"], LeadershipKind.SUPERVISING, departments[department])
        await tenancy.set_leader(tenant_id, people["director"], LeadershipKind.PRINCIPAL)
    async with tenant_transaction(tenant_id):
        row = await DB.fetchrow(
            "insert into disclosure_categories (tenant_id, code, name) values ($1, $2, $3) returning id", tenant_id, CATEGORY, CATEGORY
        )
        assert row is not None
        category_id: UUID = row["id"]
        await documents.apply_matrix(tenant_id, builtin_text("standard-matrix"), None)
        await documents.apply_template(tenant_id, builtin_text("standard"), None)
    objects = TenantObjects(platform.services.store, tenant_id)
    releases: list[UUID] = []
    total = graphql_releases + pgbench_releases
    for start in range(0, total, SEED_BATCH):
        async with tenant_transaction(tenant_id):
            for number in range(start, min(start + SEED_BATCH, total)):
                fields = ReleaseFields(
                    title=f"关于开展2026年度营商环境评价工作的通知（第{number + 1}号）",
                    lead_department_id=departments["policy"],
                    body_html=BODY,
                    category_id=category_id,
                    importance=Importance.ROUTINE,
                    sensitivity=Sensitivity.NORMAL,
                )
                saved = await create_release(tenant_id, people[DRAFTER], fields, objects=objects)
                transition = await engine.submit(tenant_id, people[DRAFTER], saved.release_id, objects)
                assert transition.stage_key == "department_review", transition
                releases.append(saved.release_id)
    return Seeded(
        tenant_id, people, releases[:graphql_releases], releases[graphql_releases:], time.perf_counter() - started
    )
