"""Platform administrators onboard units through GraphQL: the CLI's validation and diff, in one transaction."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
import yaml
from strawberry.relay import to_base64

from fabu.onboarding import apply_manifest, load_manifest
from fabu.services import Services
from fabu.settings import Settings
from factories import GraphQLClient, UnitFactory
from identity.platform_support import admin_token, create_admin, platform_login
from onboarding.onboarding_support import CITY, COUNTY, as_yaml, example

APPLY = """mutation($input: ApplyManifestInput!) { applyManifest(input: $input) {
    unitCode dryRun changed changes initialPasswords { username password }
    problems { path line code severity message messageZh messageEn } errors { field code message } } }"""
VALIDATE = "query($yaml: String!) { validateManifest(yaml: $yaml) { valid unitCode problems { path line code message } } }"
EXPORT = "query($code: String!) { unitManifest(code: $code) }"


@pytest.fixture(autouse=True)
def _channel_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The city example's WeChat secret is an environment reference, resolved at apply time."""
    monkeypatch.setenv("DEMO_WECHAT_APP_SECRET", "wechat-secret-for-tests")


@pytest.fixture
async def platform_token(gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings) -> str:
    return await admin_token(gql, owner, settings)


async def _apply(gql: GraphQLClient, token: str, text: str, **options: Any) -> dict[str, Any]:
    data = await gql.data(APPLY, {"input": {"yaml": text, **options}}, token=token)
    payload: dict[str, Any] = data["applyManifest"]
    return payload


@pytest.mark.parametrize("name", [CITY, COUNTY])
async def test_applying_an_example_creates_the_unit_and_reapplying_changes_nothing(
    gql: GraphQLClient, platform_token: str, name: str
) -> None:
    data = example(name)
    code = data["unit"]["code"]

    first = await _apply(gql, platform_token, as_yaml(data))
    again = await _apply(gql, platform_token, as_yaml(data))

    assert first["errors"] == []
    assert first["problems"] == []
    assert first["unitCode"] == code
    assert first["changed"] is True
    assert first["changes"][0].startswith(f"+ 单位 unit {code}")
    assert again["changed"] is False
    assert again["changes"] == []
    assert again["errors"] == []


async def test_export_through_graphql_reapplies_with_no_changes(gql: GraphQLClient, platform_token: str) -> None:
    data = example(COUNTY)
    await _apply(gql, platform_token, as_yaml(data))

    exported = (await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"]

    assert yaml.safe_load(exported)["unit"]["code"] == data["unit"]["code"]
    assert (await _apply(gql, platform_token, exported))["changed"] is False
    assert (await gql.data(EXPORT, {"code": "no-such-unit"}, token=platform_token))["unitManifest"] is None


async def test_a_dry_run_lists_the_cli_diff_and_writes_nothing(
    gql: GraphQLClient, platform_token: str, settings: Settings, services: Services
) -> None:
    data = example(COUNTY)
    text = as_yaml(data)

    dry = await _apply(gql, platform_token, text, dryRun=True)
    cli = await apply_manifest(load_manifest(text), settings, dry_run=True)  # what `fabu tenants apply --dry-run` runs

    assert dry["dryRun"] is True
    assert dry["changed"] is True
    assert dry["changes"] == list(cli.diff.lines)
    assert (await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"] is None
    real = await _apply(gql, platform_token, text)
    assert real["changes"] == dry["changes"]


async def test_a_bad_manifest_lists_every_problem_with_path_line_and_both_languages_and_creates_nothing(
    gql: GraphQLClient, platform_token: str
) -> None:
    data = example(COUNTY)
    data["people"][0]["memberships"][0]["department"] = "no-such-department"
    data["leaders"]["principal"] = "nobody"
    text = as_yaml(data)

    applied = await _apply(gql, platform_token, text)
    validated = (await gql.data(VALIDATE, {"yaml": text}, token=platform_token))["validateManifest"]

    paths = {problem["path"]: problem for problem in applied["problems"]}
    department = paths["people[0].memberships[0].department"]
    assert department["code"] == "UNKNOWN_DEPARTMENT"
    assert department["line"] == text.splitlines().index("  - department: no-such-department") + 1
    assert department["message"] == f"{department['messageZh']} / {department['messageEn']}"
    assert "leaders.principal" in paths
    assert {error["field"] for error in applied["errors"]} >= {"people[0].memberships[0].department", "leaders.principal"}
    assert applied["changed"] is False
    assert applied["unitCode"] is None
    assert validated["valid"] is False
    assert {p["path"] for p in validated["problems"]} == set(paths)
    assert (await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"] is None


async def test_yaml_that_does_not_parse_is_a_problem_naming_its_line(gql: GraphQLClient, platform_token: str) -> None:
    validated = (await gql.data(VALIDATE, {"yaml": "unit:\n  code: [unclosed\n"}, token=platform_token))["validateManifest"]
    assert validated["valid"] is False
    assert validated["problems"][0]["code"] == "YAML_SYNTAX"
    assert "YAML syntax error" in validated["problems"][0]["message"]


async def test_a_valid_manifest_validates_with_its_unit_code(gql: GraphQLClient, platform_token: str) -> None:
    data = example(CITY)
    validated = (await gql.data(VALIDATE, {"yaml": as_yaml(data)}, token=platform_token))["validateManifest"]
    assert validated["valid"] is True
    assert validated["unitCode"] == data["unit"]["code"]


async def test_a_unit_token_even_a_unit_admins_is_refused_and_nothing_is_created(
    gql: GraphQLClient, units: UnitFactory, platform_token: str
) -> None:
    unit = await units.create()
    unit_admin = await units.token(unit, "admin")
    data = example(COUNTY)

    for query, variables in (
        (APPLY, {"input": {"yaml": as_yaml(data)}}),
        (VALIDATE, {"yaml": as_yaml(data)}),
        (EXPORT, {"code": unit.code}),
    ):
        body = await gql(query, variables, token=unit_admin)
        assert not any((body["data"] or {}).values()), query
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["message"] == "需要平台管理员身份 / requires a platform administrator"
    assert (await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"] is None


async def test_a_platform_token_cannot_read_a_units_data_through_unit_queries(gql: GraphQLClient, platform_token: str) -> None:
    data = example(COUNTY)
    applied = await _apply(gql, platform_token, as_yaml(data), initialPasswords=True)
    passwords = {entry["username"]: entry["password"] for entry in applied["initialPasswords"]}
    unit_token = await gql.login(data["unit"]["code"], "deng", passwords["deng"])
    person_id = (await gql.data("{ viewer { person { id } } }", token=unit_token["tokens"]["accessToken"]))["viewer"]["person"]["id"]

    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": person_id}, token=platform_token)
    lists = await gql("{ unit { code } departments(first: 10) { nodes { code } } }", token=platform_token)
    mixed = await gql(f'{{ unitManifest(code: "{data["unit"]["code"]}") viewer {{ username }} }}', token=platform_token)

    for body in (node, lists, mixed):
        assert not any((body["data"] or {}).values())
        assert {error["extensions"]["code"] for error in body["errors"]} == {"FORBIDDEN"}
    assert to_base64("Person", "x") != person_id  # a real global id was tried


async def test_concurrent_exports_in_one_request_each_read_their_own_unit(gql: GraphQLClient, platform_token: str) -> None:
    city, county = example(CITY), example(COUNTY)
    await _apply(gql, platform_token, as_yaml(city))
    await _apply(gql, platform_token, as_yaml(county))

    data = await gql.data(
        "query($a: String!, $b: String!) { a: unitManifest(code: $a) b: unitManifest(code: $b) c: unitManifest(code: $a) }",
        {"a": city["unit"]["code"], "b": county["unit"]["code"]},
        token=platform_token,
    )

    assert len(yaml.safe_load(data["a"])["departments"]) == len(city["departments"])
    assert len(yaml.safe_load(data["b"])["departments"]) == len(county["departments"])
    assert data["c"] == data["a"]


async def test_a_secret_variable_missing_from_the_api_process_is_a_problem_with_its_line(
    gql: GraphQLClient, platform_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEMO_WECHAT_APP_SECRET")
    data = example(CITY)
    text = as_yaml(data)

    applied = await _apply(gql, platform_token, text)

    [problem] = applied["problems"]
    assert problem["path"] == "channels[1].config.app_secret"
    assert problem["code"] == "MISSING_ENV"
    assert problem["line"] == text.splitlines().index("    app_secret: ${env:DEMO_WECHAT_APP_SECRET}") + 1
    assert applied["errors"][0]["field"] == "channels[1].config.app_secret"
    assert (await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"] is None


async def test_the_export_writes_secret_references_never_their_values(gql: GraphQLClient, platform_token: str) -> None:
    data = example(CITY)
    await _apply(gql, platform_token, as_yaml(data))

    exported = (await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"]

    assert "${env:DEMO_WECHAT_APP_SECRET}" in exported
    assert "wechat-secret-for-tests" not in exported


async def test_an_apply_is_audited_in_the_units_chain_under_the_platform_admin(
    gql: GraphQLClient, owner: asyncpg.Connection, settings: Settings
) -> None:
    username = await create_admin(owner, settings)
    token = (await platform_login(gql, username))["tokens"]["accessToken"]  # type: ignore[index]
    data = example(COUNTY)

    await _apply(gql, token, as_yaml(data))
    await _apply(gql, token, as_yaml(data), dryRun=True)

    rows = await owner.fetch(
        """select e.actor_id, e.actor_label, e.action from audit_entries e join tenants t on t.id = e.tenant_id
           where t.code = $1 and e.action = 'onboarding.apply'""",
        data["unit"]["code"],
    )
    assert [(row["actor_id"], row["actor_label"]) for row in rows] == [(None, f"平台管理员 platform admin {username}")]


async def test_removing_a_person_with_work_in_flight_is_refused_with_that_work_and_changes_nothing(
    gql: GraphQLClient, platform_token: str
) -> None:
    data = example(CITY)
    applied = await _apply(gql, platform_token, as_yaml(data), initialPasswords=True)
    password = next(entry["password"] for entry in applied["initialPasswords"] if entry["username"] == "drafter")
    token = (await gql.login(data["unit"]["code"], "drafter", password))["tokens"]["accessToken"]
    departments = await gql.data("{ departments(first: 20) { nodes { id code } } }", token=token)
    categories = await gql.data("{ disclosureCategories(first: 50) { nodes { id code } } }", token=token)
    release = await gql.data(
        "mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id } errors { code } } }",
        {"input": {
            "title": "关于2026年重点项目清单的通知",
            "leadDepartmentId": next(d["id"] for d in departments["departments"]["nodes"] if d["code"] == "policy"),
            "categoryId": next(c["id"] for c in categories["disclosureCategories"]["nodes"] if c["code"] == "工作动态"),
            "bodyHtml": "<p>现将重点项目清单印发给你们。</p>", "importance": "ROUTINE", "sensitivity": "NORMAL",
        }},
        token=token,
    )
    release_id = release["createRelease"]["release"]["id"]
    await gql.data("mutation($input: SubmitReleaseInput!) { submitRelease(input: $input) { errors { code } } }",
                   {"input": {"releaseId": release_id}}, token=token)
    data["people"] = [entry for entry in data["people"] if entry.get("username") != "drafter"]

    refused = await _apply(gql, platform_token, as_yaml(data))

    assert refused["changed"] is False
    assert {problem["code"] for problem in refused["problems"]} == {"WORK_IN_FLIGHT"}
    assert "关于2026年重点项目清单的通知" in refused["problems"][0]["message"]
    assert refused["errors"][0]["code"] == "WORK_IN_FLIGHT"
    exported = yaml.safe_load((await gql.data(EXPORT, {"code": data["unit"]["code"]}, token=platform_token))["unitManifest"])
    assert "drafter" in {person.get("username") for person in exported["people"]}
