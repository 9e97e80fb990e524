"""The API benchmark's unit: a thousand synthetic people in departments, made from a fixed seed so every
run sees the same data, and the admin's login."""

from __future__ import annotations

import random
from uuid import UUID

from fabu.db.engine import DB
from fabu.db.session import platform_transaction
from fabu.identity.accounts import create_account
from fabu.settings import Settings
from fabu.tenancy import services as tenancy
from fabu.tenancy.roles import Role

SEED = 20240601
PEOPLE = 1_000
DEPARTMENTS = (
    ("office", "办公室"), ("policy", "政策法规科"), ("planning", "规划科"), ("legal", "法制科"),
    ("finance", "财务科"), ("personnel", "人事科"), ("it", "信息中心"), ("general", "综合科"),
    ("press", "宣传科"), ("inspection", "督查科"), ("statistics", "统计科"), ("audit", "审计科"),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文"
TITLES = ("科员", "副科长", "科长", "副主任", "主任", "调研员", "")
UNIT_CODE = "bench"
USERNAME = "bench-admin"
PASSWORD = "benchmark-password-2026"


def seeded_uuid(rng: random.Random) -> UUID:
    """A version-4 UUID from the seeded generator: ids, and so the order of ties, repeat between runs."""
    return UUID(int=rng.getrandbits(128), version=4)


def synthetic_people(rng: random.Random) -> list[tuple[UUID, str, str, str]]:
    """(id, name, title, email) of ``PEOPLE`` people; ids made here so memberships can refer to them."""
    people = []
    for number in range(PEOPLE):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        people.append((seeded_uuid(rng), name, rng.choice(TITLES), f"p{number:04d}@bench.example"))
    return people


def synthetic_memberships(
    rng: random.Random, people: list[UUID], departments: list[UUID]
) -> list[tuple[UUID, UUID, UUID, Role]]:
    """(id, person, department, role): one to three per person in distinct departments; person 0 is the admin."""
    held = [(people[0], departments[0], Role.TENANT_ADMIN), (people[0], departments[1], Role.DRAFTER)]
    for person in people[1:]:
        for department in rng.sample(departments, rng.randint(1, 3)):
            held.append((person, department, rng.choice(list(Role))))
    return [(seeded_uuid(rng), person, department, role) for person, department, role in held]


async def seed_unit(settings: Settings) -> int:
    """Create the unit, its people and memberships and the admin's login; returns the membership count."""
    rng = random.Random(SEED)
    async with platform_transaction():
        tenant_id = await tenancy.create_tenant(UNIT_CODE, "基准测试单位")  # also scopes the transaction
        departments = [
            await tenancy.create_department(tenant_id, code, name, is_office=code == "office")
            for code, name in DEPARTMENTS
        ]
        people = synthetic_people(rng)
        await DB.fetch(
            """insert into people (id, tenant_id, name, title, email)
               select u.id, $1, u.name, u.title, u.email
               from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) as u(id, name, title, email)""",
            tenant_id, *(list(column) for column in zip(*people, strict=True)),
        )
        memberships = synthetic_memberships(rng, [person[0] for person in people], departments)
        await DB.fetch(
            """insert into memberships (id, tenant_id, person_id, department_id, role)
               select u.id, $1, u.person_id, u.department_id, u.role
               from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) as u(id, person_id, department_id, role)""",
            tenant_id, *(list(column) for column in zip(*memberships, strict=True)),
        )
        await create_account(settings, tenant_id, people[0][0], USERNAME, PASSWORD)
    return len(memberships)
