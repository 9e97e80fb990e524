"""Applying a manifest creates the unit; applying it again, or applying its export, changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.onboarding import AccountPolicy, apply_manifest, export_yaml, load_manifest
from fabu.services import Services
from fabu.settings import Settings
from factories import PASSWORD, GraphQLClient
from onboarding.conftest import Apply
from onboarding.onboarding_support import CITY, COUNTY, example, person, valid

Export = Callable[[str], Awaitable[dict[str, Any]]]


@pytest.mark.parametrize("name", [CITY, COUNTY])
async def test_applying_an_example_creates_the_unit_and_applying_again_changes_nothing(apply: Apply, name: str) -> None:
    data = example(name)
    first = await apply(data)
    assert first.tenant_id is not None
    assert first.diff.lines[0].startswith(f"+ 单位 unit {data['unit']['code']}")
    assert any(line.startswith("+ 部门 department office") or "secretariat" in line for line in first.diff.lines)
    again = await apply(data)
    assert again.diff.empty, again.diff.lines
    assert again.tenant_id == first.tenant_id


@pytest.mark.parametrize("name", [CITY, COUNTY])
async def test_export_writes_back_a_manifest_that_applies_with_no_changes(apply: Apply, export: Export, name: str) -> None:
    data = example(name)
    await apply(data)
    exported = await export(data["unit"]["code"])
    round_trip = load_manifest(export_yaml(exported))  # the YAML text, as `fabu tenants export > FILE` writes it
    assert round_trip.manifest.model_dump() == load_manifest(export_yaml(await export(data["unit"]["code"]))).manifest.model_dump()
    assert (await apply(exported)).diff.empty
    assert exported["workflow"] == data["workflow"]
    assert exported["channels"] == data["channels"]
    assert {p.get("username") for p in exported["people"]} == {p.get("username") for p in data["people"]}


async def test_the_applied_unit_has_its_structure_leaders_catalogue_and_workflow(apply: Apply) -> None:
    data = example(CITY)
    result = await apply(data)
    assert result.tenant_id is not None
    async with tenant_transaction(result.tenant_id):
        departments = {row["code"]: row for row in await DB.fetch("select code, is_office, parent_id from departments")}
        principal = await DB.fetchrow(
            "select p.name from leadership l join people p on p.id = l.person_id where l.kind = 'principal'"
        )
        categories = await DB.fetch("select code from disclosure_categories")
        documents = await DB.fetch("select kind, key from workflow_documents where active order by kind")
    assert len(departments) == 8
    assert departments["office"]["is_office"]
    assert departments["info-center"]["parent_id"] is not None
    assert principal is not None
    assert principal["name"] == "周主要"
    assert len(categories) == 8
    assert [(row["kind"], row["key"]) for row in documents] == [("matrix", "standard-matrix"), ("template", "standard")]


async def test_people_log_in_with_their_username_and_the_dry_run_changes_nothing(apply: Apply, gql: GraphQLClient) -> None:
    data = example(COUNTY)
    planned = await apply(data, dry_run=True)
    assert planned.tenant_id is None
    assert planned.diff.lines
    payload = await gql.login(data["unit"]["code"], "huang", PASSWORD)
    assert payload["errors"], "a dry run must not create the unit"
    await apply(data)
    assert (await gql.login(data["unit"]["code"], "huang", PASSWORD))["errors"] == []


async def test_changes_are_listed_and_a_removed_person_can_no_longer_log_in(apply: Apply, gql: GraphQLClient) -> None:
    data = example(COUNTY)
    await apply(data)
    data["unit"]["name"] = "示范县人民政府办公室（更名）"
    data["departments"].append({"code": "archives", "name": "档案室", "parent": "secretariat"})
    person(data, "xu")["title"] = "政务公开股股长（兼）"
    data["people"] = [entry for entry in data["people"] if entry.get("username") != "huang"]
    data["people"].append({"name": "新同事", "username": "newbie", "memberships": [{"department": "disclosure", "roles": ["drafter"]}]})
    result = await apply(data)
    lines = set(result.diff.lines)
    assert "- 人员 person huang" in lines
    assert "+ 部门 department archives: name=档案室, parent=secretariat" in lines
    assert any(line.startswith("~ 人员 person xu") for line in lines)
    assert any(line.startswith("~ 单位 unit") for line in lines)
    assert (await gql.login(data["unit"]["code"], "huang", PASSWORD))["errors"]
    assert (await gql.login(data["unit"]["code"], "newbie", PASSWORD))["errors"] == []
    assert (await apply(data)).diff.empty


async def test_applying_another_units_manifest_leaves_the_first_unit_untouched(apply: Apply, export: Export) -> None:
    first, second = example(CITY), example(COUNTY)
    await apply(first)
    before = await export(first["unit"]["code"])
    second["people"][0]["username"] = "drafter"  # same username, other unit: no clash
    await apply(second)
    second["people"] = second["people"][1:]
    await apply(second)
    assert await export(first["unit"]["code"]) == before


async def test_initial_passwords_are_returned_once_and_let_people_log_in(settings: Settings, services: Services, gql: GraphQLClient) -> None:
    data = example(COUNTY)
    result = await apply_manifest(valid(data), settings, accounts=AccountPolicy(initial_passwords=True))
    passwords = dict(result.initial_passwords)
    assert set(passwords) == {"huang", "xu", "deng", "luo", "han"}
    assert len(set(passwords.values())) == 5
    assert (await gql.login(data["unit"]["code"], "xu", passwords["xu"]))["errors"] == []


async def test_without_a_password_policy_accounts_exist_but_cannot_log_in(settings: Settings, services: Services, gql: GraphQLClient) -> None:
    data = example(COUNTY)
    result = await apply_manifest(valid(data), settings)
    assert result.initial_passwords == []
    assert (await gql.login(data["unit"]["code"], "xu", PASSWORD))["errors"]
