"""The demo unit `fabu dev --demo` seeds: the city-bureau example manifest, or a minimal unit.

In a checkout the demo is ``tenants/examples/city-bureau.yaml`` (unit code ``demo``) applied like
``fabu tenants apply``: eight departments, a person in every role, the disclosure catalogue, the
standard workflow and matrix, so a release can go all the way to publication. Where that file
is not at hand (an installed wheel) a minimal unit with four departments is seeded instead.
Every demo login uses the password ``DEMO_PASSWORD``; the README lists the usernames.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from fabu import audit
from fabu.db.engine import DB
from fabu.db.session import platform_transaction, switch_tenant
from fabu.identity.accounts import create_account
from fabu.settings import Settings
from fabu.tenancy import services
from fabu.tenancy.roles import LeadershipKind, Role

DEMO_CODE = "demo"
DEMO_PASSWORD = "fabu-demo-2026"

DEPARTMENTS = [
    # code, name, is_office
    ("office", "办公室", True),
    ("policy", "政策法规科", False),
    ("planning", "规划发展科", False),
    ("services", "公共服务科", False),
]

PEOPLE = [
    # username, name, title, department code, roles
    ("admin", "王管理", "信息化管理员", "office", [Role.TENANT_ADMIN]),
    ("drafter", "李采编", "科员", "policy", [Role.DRAFTER]),
    ("reviewer", "张审核", "政策法规科科长", "policy", [Role.DEPARTMENT_REVIEWER]),
    ("planner", "赵审核", "规划发展科科长", "planning", [Role.DEPARTMENT_REVIEWER, Role.DRAFTER]),
    ("office", "陈复审", "办公室主任", "office", [Role.OFFICE_REVIEWER]),
    ("deputy", "刘分管", "副局长", "office", [Role.LEADER]),
    ("director", "周主要", "局长", "office", [Role.LEADER]),
    ("publisher", "孙发布", "网站编辑", "office", [Role.PUBLISHER]),
    ("auditor", "吴审计", "纪检监察员", "office", [Role.AUDITOR]),
]


DEMO_MANIFEST = Path(__file__).resolve().parents[3] / "tenants" / "examples" / "city-bureau.yaml"


async def seed_demo_tenant(settings: Settings) -> UUID | None:
    """Create the demo unit unless it exists; returns its id when it was created."""
    if DEMO_MANIFEST.is_file():
        return await _seed_from_manifest(settings)
    return await _seed_minimal(settings)


async def _seed_from_manifest(settings: Settings) -> UUID | None:
    from fabu.onboarding import AccountPolicy, apply_manifest, load_manifest

    valid = load_manifest(DEMO_MANIFEST.read_text(encoding="utf-8"))
    result = await apply_manifest(valid, settings, accounts=AccountPolicy(fixed_password=DEMO_PASSWORD))
    return result.tenant_id if result.diff.new_unit else None


async def _seed_minimal(settings: Settings) -> UUID | None:
    async with platform_transaction():
        existing = await DB.fetchrow("select tenant_id_by_code($1) as id", DEMO_CODE)
        if existing and existing["id"]:
            return None
        tenant_id = await services.create_tenant(DEMO_CODE, "示范市发展和改革局", "Demo City Development and Reform Bureau")
        await switch_tenant(tenant_id)
        departments = {
            code: await services.create_department(tenant_id, code, name, is_office=is_office)
            for code, name, is_office in DEPARTMENTS
        }
        people: dict[str, UUID] = {}
        for username, name, title, department, roles in PEOPLE:
            person_id = await services.create_person(tenant_id, name, title)
            people[username] = person_id
            for role in roles:
                await services.add_membership(tenant_id, person_id, departments[department], role)
            await create_account(settings, tenant_id, person_id, username, DEMO_PASSWORD)
        for code in ("policy", "planning", "services"):
            await services.set_leader(tenant_id, people["deputy"], LeadershipKind.SUPERVISING, departments[code])
        await services.set_leader(tenant_id, people["director"], LeadershipKind.PRINCIPAL)
        await audit.record(tenant_id, audit.SYSTEM, "tenancy.seed_demo", "Unit", str(tenant_id), {"code": DEMO_CODE})
        return tenant_id
