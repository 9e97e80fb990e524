"""Removing a person who still has work in flight is refused, listing that work; nothing changes."""

from __future__ import annotations

from uuid import UUID

import pytest
from strawberry.relay import to_base64

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.onboarding import ManifestError
from factories import PASSWORD, GraphQLClient
from onboarding.conftest import Apply
from onboarding.onboarding_support import CITY, example

CREATE = "mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id } errors { field code message } } }"
SUBMIT = "mutation($input: SubmitReleaseInput!) { submitRelease(input: $input) { errors { field code message } } }"


async def _ids(tenant_id: UUID) -> tuple[str, str]:
    async with tenant_transaction(tenant_id):
        department = await DB.fetchrow("select id from departments where code = 'policy'")
        category = await DB.fetchrow("select id from disclosure_categories where code = '工作动态'")
    assert department is not None
    assert category is not None
    return to_base64("Department", str(department["id"])), to_base64("DisclosureCategory", str(category["id"]))


async def test_removing_a_drafter_whose_release_is_in_review_is_refused_with_the_release(apply: Apply, gql: GraphQLClient) -> None:
    data = example(CITY)
    applied = await apply(data)
    assert applied.tenant_id is not None
    department, category = await _ids(applied.tenant_id)
    login = await gql.login(data["unit"]["code"], "drafter", PASSWORD)
    token = login["tokens"]["accessToken"]
    created = await gql.data(
        CREATE,
        {"input": {"title": "关于2026年重点项目清单的通知", "leadDepartmentId": department, "categoryId": category,
                   "bodyHtml": "<p>现将重点项目清单印发给你们。</p>", "importance": "ROUTINE", "sensitivity": "NORMAL"}},
        token=token,
    )
    release_id = created["createRelease"]["release"]["id"]
    submitted = await gql.data(SUBMIT, {"input": {"releaseId": release_id}}, token=token)
    assert submitted["submitRelease"]["errors"] == []

    async with tenant_transaction(applied.tenant_id):  # a task handed to the reviewer personally
        await DB.fetch(
            """insert into workflow_tasks (tenant_id, release_id, stage_key, round, kind, assignee_person_id, status)
               select $1, r.id, 'department_review', 1, 'review', a.person_id, 'open'
               from releases r, accounts a where a.username = 'reviewer'""",
            applied.tenant_id,
        )

    data["people"] = [entry for entry in data["people"] if entry.get("username") not in ("drafter", "reviewer")]
    with pytest.raises(ManifestError) as refused:
        await apply(data)

    task, release = refused.value.problems
    assert {task.code, release.code} == {"WORK_IN_FLIGHT"}
    assert "reviewer" in task.message_zh
    assert "department_review" in task.message_en
    assert "drafter" in release.message_zh
    assert "关于2026年重点项目清单的通知" in release.message_zh
    assert "still in review" in release.message_en
    assert (await gql.login(data["unit"]["code"], "drafter", PASSWORD))["errors"] == []  # nothing changed
