"""Bulk writes of a diff: one statement per section (``unnest``), so 5,000 people apply quickly."""

from __future__ import annotations

import json
import uuid
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.onboarding._diff import Diff
from fabu.onboarding._state import StoredIds, UnitState

UNUSABLE_PASSWORD = "!onboarding:no-password-set"
"""Stored instead of a hash: no password verifies against it, so the account cannot log in yet."""


async def write_departments(diff: Diff, desired: UnitState, ids: StoredIds) -> None:
    added = diff.departments.added
    new_ids = [uuid.uuid4() for _ in added]
    ids.departments.update(zip(added, new_ids, strict=True))
    if added:
        await DB.fetch(
            """insert into departments (id, tenant_id, code, name, is_office)
               select u.id, $1, u.code, u.name, u.office from unnest($2::uuid[], $3::text[], $4::text[], $5::bool[])
                 as u(id, code, name, office)""",
            ids.tenant_id,
            new_ids,
            list(added),
            [desired.departments[code].name for code in added],
            [desired.departments[code].office for code in added],
        )
    touched = [*added, *diff.departments.changed]
    if touched:
        await DB.fetch(
            """update departments d set name = u.name, is_office = u.office, parent_id = u.parent_id
               from unnest($1::uuid[], $2::text[], $3::bool[], $4::uuid[]) as u(id, name, office, parent_id)
               where d.id = u.id""",
            [ids.departments[code] for code in touched],
            [desired.departments[code].name for code in touched],
            [desired.departments[code].office for code in touched],
            [_parent(ids.departments, desired.departments[code].parent) for code in touched],
        )


async def remove_departments(diff: Diff, ids: StoredIds) -> None:
    if diff.departments.removed:
        await DB.fetch("delete from departments where id = any($1::uuid[])", [ids.departments[c] for c in diff.departments.removed])


def _parent(known: dict[str, UUID], code: str | None) -> UUID | None:
    return None if code is None else known[code]


async def write_people(diff: Diff, desired: UnitState, ids: StoredIds) -> list[tuple[str, UUID]]:
    """Insert, update, reactivate and deactivate people; returns (key, id) of people who need an account."""
    returning = [key for key in diff.people.added if key in ids.all_keys]
    new = [key for key in diff.people.added if key not in ids.all_keys]
    new_ids = [uuid.uuid4() for _ in new]
    ids.people.update(zip(new, new_ids, strict=True))
    ids.people.update({key: ids.all_keys[key] for key in returning})
    if new:
        await DB.fetch(
            """insert into people (id, tenant_id, name, title, email)
               select u.id, $1, u.name, u.title, u.email from unnest($2::uuid[], $3::text[], $4::text[], $5::text[])
                 as u(id, name, title, email)""",
            ids.tenant_id,
            new_ids,
            *_person_columns(desired, new),
        )
        await DB.fetch(
            """insert into onboarding_person_keys (tenant_id, person_id, key)
               select $1, u.id, u.key from unnest($2::uuid[], $3::text[]) as u(id, key)""",
            ids.tenant_id,
            new_ids,
            list(new),
        )
    touched = [*returning, *diff.people.changed]
    if touched:
        await DB.fetch(
            """update people p set name = u.name, title = u.title, email = u.email, active = true
               from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as u(id, name, title, email) where p.id = u.id""",
            [ids.people[key] for key in touched],
            *_person_columns(desired, touched),
        )
    # People first seen through another door (GraphQL) get their key recorded now.
    await DB.fetch(
        """insert into onboarding_person_keys (tenant_id, person_id, key)
           select $1, u.id, u.key from unnest($2::uuid[], $3::text[]) as u(id, key) on conflict do nothing""",
        ids.tenant_id,
        [ids.people[key] for key in desired.people],
        list(desired.people),
    )
    if diff.people.removed:
        removed = [ids.people[key] for key in diff.people.removed]
        await DB.fetch("update people set active = false where id = any($1::uuid[])", removed)
        await DB.fetch("update accounts set disabled = true where person_id = any($1::uuid[])", removed)
    return await _write_accounts(desired, ids, [*new, *touched])


def _person_columns(desired: UnitState, keys: list[str]) -> list[list[str]]:
    people = [desired.people[key] for key in keys]
    return [[p.name for p in people], [p.title for p in people], [p.email for p in people]]


async def _write_accounts(desired: UnitState, ids: StoredIds, keys: list[str]) -> list[tuple[str, UUID]]:
    """Make usernames match: disable dropped ones, rename or re-enable kept ones, list people needing one."""
    if not keys:
        return []
    person_ids = [ids.people[key] for key in keys]
    usernames = [desired.people[key].username for key in keys]
    await DB.fetch(
        """update accounts a set disabled = (u.username is null), username = coalesce(u.username, a.username)
           from unnest($1::uuid[], $2::text[]) as u(person_id, username) where a.person_id = u.person_id""",
        person_ids,
        usernames,
    )
    have = {row["person_id"] for row in await DB.fetch("select person_id from accounts where person_id = any($1::uuid[])", person_ids)}
    return [(key, ids.people[key]) for key in keys if desired.people[key].username and ids.people[key] not in have]


async def create_accounts(tenant_id: UUID, rows: list[tuple[UUID, str, str]]) -> None:
    """Insert accounts (person id, username, password hash or ``UNUSABLE_PASSWORD``)."""
    if rows:
        await DB.fetch(
            """insert into accounts (tenant_id, person_id, username, password_hash)
               select $1, u.person_id, u.username, u.hash from unnest($2::uuid[], $3::text[], $4::text[]) as u(person_id, username, hash)""",
            tenant_id,
            *map(list, zip(*rows, strict=True)),
        )


async def write_memberships(diff: Diff, ids: StoredIds) -> None:
    for rows, sql in (
        (
            diff.memberships_removed,
            """delete from memberships m using unnest($2::uuid[], $3::uuid[], $4::text[]) as u(person_id, department_id, role)
               where $1::uuid is not null and m.person_id = u.person_id and m.department_id = u.department_id and m.role = u.role""",
        ),
        (
            diff.memberships_added,
            """insert into memberships (tenant_id, person_id, department_id, role)
               select $1, u.person_id, u.department_id, u.role from unnest($2::uuid[], $3::uuid[], $4::text[]) as u(person_id, department_id, role)""",
        ),
    ):
        present = [row for row in rows if row[0] in ids.people and row[1] in ids.departments]
        if present:
            await DB.fetch(
                sql,
                ids.tenant_id,
                [ids.people[person] for person, _, _ in present],
                [ids.departments[department] for _, department, _ in present],
                [role for _, _, role in present],
            )


async def write_leaders(desired: UnitState, ids: StoredIds) -> None:
    await DB.fetch("delete from leadership where tenant_id = $1", ids.tenant_id)
    rows: list[tuple[UUID, str, UUID | None]] = [
        (ids.people[key], "supervising", ids.departments[department]) for department, key in desired.supervising.items()
    ]
    if desired.principal:
        rows.append((ids.people[desired.principal], "principal", None))
    if rows:
        await DB.fetch(
            """insert into leadership (tenant_id, person_id, kind, department_id)
               select $1, u.person_id, u.kind, u.department_id from unnest($2::uuid[], $3::text[], $4::uuid[]) as u(person_id, kind, department_id)""",
            ids.tenant_id,
            *map(list, zip(*rows, strict=True)),
        )


async def write_categories(diff: Diff, desired: UnitState, ids: StoredIds) -> None:
    added = diff.categories.added
    new_ids = [uuid.uuid4() for _ in added]
    ids.categories.update(zip(added, new_ids, strict=True))
    if added:
        await DB.fetch(
            """insert into disclosure_categories (id, tenant_id, code, name)
               select u.id, $1, u.code, u.name from unnest($2::uuid[], $3::text[], $4::text[]) as u(id, code, name)""",
            ids.tenant_id,
            new_ids,
            list(added),
            [desired.categories[code][0] for code in added],
        )
    touched = [*added, *diff.categories.changed]
    if touched:
        await DB.fetch(
            """update disclosure_categories c set name = u.name, parent_id = u.parent_id
               from unnest($1::uuid[], $2::text[], $3::uuid[]) as u(id, name, parent_id) where c.id = u.id""",
            [ids.categories[code] for code in touched],
            [desired.categories[code][0] for code in touched],
            [_parent(ids.categories, desired.categories[code][1]) for code in touched],
        )
    if diff.categories.removed:
        await DB.fetch(
            "delete from disclosure_categories where id = any($1::uuid[])", [ids.categories[c] for c in diff.categories.removed]
        )


async def write_settings(tenant_id: UUID, settings: dict[str, Any]) -> None:
    await DB.fetch(
        """insert into onboarding_settings (tenant_id, settings) values ($1, $2::jsonb)
           on conflict (tenant_id) do update set settings = excluded.settings, updated_at = now()""",
        tenant_id,
        json.dumps(settings, ensure_ascii=False),
    )
