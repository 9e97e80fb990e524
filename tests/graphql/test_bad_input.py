"""Bad input gets a clear error, names the field and the rule, and leaves nothing behind."""

from __future__ import annotations

import time
import uuid

from fabu.identity.tokens import AccessClaims, issue_access_token
from fabu.settings import Settings
from factories import GraphQLClient, UnitFactory

CREATE_DEPARTMENT = (
    "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) "
    "{ department { code } errors { field code message messageZh messageEn } } }"
)


async def test_malformed_graphql_is_a_syntax_error_not_a_crash(gql: GraphQLClient) -> None:
    response = await gql.raw("{ viewer { username ")
    body = response.json()
    # GraphQL over HTTP with application/json answers 200 and reports the error in the body.
    assert body["data"] is None
    assert "Syntax Error" in body["errors"][0]["message"]


async def test_a_body_over_the_limit_is_refused_before_parsing(gql: GraphQLClient, settings: Settings) -> None:
    response = await gql.raw("{ viewer { username } }", {"padding": "x" * (settings.max_request_bytes + 10)})
    assert response.status_code == 413


async def test_a_garbage_token_is_reported_as_invalid(gql: GraphQLClient) -> None:
    body = await gql("{ viewer { username } }", token="not.a.jwt")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"
    assert "访问令牌无效" in body["errors"][0]["message"]


async def test_a_token_signed_with_another_key_is_invalid(gql: GraphQLClient, settings: Settings) -> None:
    forged = issue_access_token(
        AccessClaims(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()),
        secret="another-secret-another-secret-another",
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=60,
    )
    body = await gql("{ viewer { username } }", token=forged)
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"


async def test_an_expired_token_says_so(gql: GraphQLClient, settings: Settings, units: UnitFactory) -> None:
    unit = await units.create()
    expired = issue_access_token(
        AccessClaims(unit.id, uuid.uuid4(), uuid.uuid4()),
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime_seconds=-int(time.time() % 60) - 120,
    )
    body = await gql("{ viewer { username } }", token=expired)
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED"


async def test_a_token_for_the_wrong_audience_is_invalid(gql: GraphQLClient, settings: Settings) -> None:
    wrong_audience = issue_access_token(
        AccessClaims(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()),
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience="someone-else",
        lifetime_seconds=60,
    )
    body = await gql("{ viewer { username } }", token=wrong_audience)
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"


async def test_no_token_means_authentication_required(gql: GraphQLClient) -> None:
    body = await gql("{ viewer { username } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_invalid_field_values_name_the_field_and_rule_in_both_languages(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "admin")

    bad_code = await gql.data(CREATE_DEPARTMENT, {"input": {"code": "no spaces!", "name": "x"}}, token=token)
    empty_name = await gql.data(CREATE_DEPARTMENT, {"input": {"code": "ok-code", "name": "   "}}, token=token)
    duplicate = await gql.data(CREATE_DEPARTMENT, {"input": {"code": "policy", "name": "重复"}}, token=token)

    error = bad_code["createDepartment"]["errors"][0]
    assert (error["field"], error["code"]) == ("code", "INVALID_CODE")
    assert error["message"] == f"{error['messageZh']} / {error['messageEn']}"
    assert empty_name["createDepartment"]["errors"][0]["field"] == "name"
    assert duplicate["createDepartment"]["errors"][0]["code"] == "DUPLICATE_CODE"


async def test_a_refused_mutation_writes_neither_rows_nor_audit_entries(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    admin = await units.token(unit, "admin")
    auditor = await units.token(unit, "auditor")
    before = (await gql.data("{ auditChain { entries } }", token=auditor))["auditChain"]["entries"]

    await gql.data(
        "mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } errors { field code } } }",
        {"input": {"name": "新人", "username": "newcomer", "password": "short"}},
        token=admin,
    )

    people = await gql.data('{ people(first: 100, nameContains: "新人") { nodes { name } } }', token=admin)
    after = (await gql.data("{ auditChain { entries } }", token=auditor))["auditChain"]["entries"]
    assert people["people"]["nodes"] == []
    assert after == before


async def test_acting_without_the_role_is_forbidden(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")
    body = await gql(CREATE_DEPARTMENT, {"input": {"code": "x1", "name": "x"}}, token=token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "单位管理员" in body["errors"][0]["message"]


async def test_first_above_the_cap_is_refused_with_the_limit(gql: GraphQLClient, units: UnitFactory, settings: Settings) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")
    body = await gql("query($n: Int!) { people(first: $n) { nodes { name } } }", {"n": settings.graphql_max_page_size + 1}, token=token)
    assert body["errors"][0]["extensions"]["field"] == "first"


async def test_depth_alias_and_token_limits_refuse_abusive_documents(gql: GraphQLClient, settings: Settings) -> None:
    deep = "{ departments { nodes { " + "children { " * settings.graphql_max_depth + "name" + " }" * settings.graphql_max_depth + " } } }"
    many_aliases = "{ " + " ".join(f"a{i}: unit {{ code }}" for i in range(settings.graphql_max_aliases + 1)) + " }"
    many_tokens = "{ " + "unit { code } " * settings.graphql_max_tokens + "}"

    for document, expected in ((deep, "exceeds maximum operation depth"), (many_aliases, "aliases"), (many_tokens, "token")):
        body = await gql(document)
        assert body["errors"], document[:40]
        assert expected in body["errors"][0]["message"], body["errors"][0]["message"]


async def test_paging_with_a_cursor_continues_where_the_page_ended(gql: GraphQLClient, units: UnitFactory) -> None:
    unit = await units.create()
    token = await units.token(unit, "drafter")
    query = "query($after: String) { people(first: 3, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } } }"

    names: list[str] = []
    after = None
    while True:
        page = (await gql.data(query, {"after": after}, token=token))["people"]
        names += [node["name"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert names == sorted(f"{username}-姓名" for username in unit.people)
    bad = await gql(query, {"after": "%%%"}, token=token)
    assert bad["errors"][0]["extensions"]["field"] == "after"


async def test_a_short_query_that_fans_out_through_nested_lists_is_refused_before_running(gql: GraphQLClient, settings: Settings) -> None:
    explosive = "{ departments(first: 100) { nodes { memberships { person { memberships { department { memberships { person { name } } } } } } } } }"
    reasonable = "{ people(first: 1000) { nodes { name memberships { role department { name } } } } }"

    refused = await gql(explosive)
    allowed = await gql(reasonable)

    assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert str(settings.graphql_max_cost) in refused["errors"][0]["message"]
    assert allowed["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # valid: it reached execution
