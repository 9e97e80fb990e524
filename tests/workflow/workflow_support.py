"""Units with the built-in standard workflow, a disclosure catalogue, and helpers to drive releases."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import asyncpg
from strawberry.relay import to_base64

from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.tenancy.roles import Role
from fabu.workflow import documents
from fabu.workflow.definition import builtin_text
from factories import STAFF, GraphQLClient, Unit, UnitFactory

CATEGORIES = ("工作动态", "通知公告", "政策文件", "政策解读")

RELEASE_FIELDS = "id title workflowState currentVersion { number sha256 }"
CREATE = f"mutation($input: CreateReleaseInput!) {{ createRelease(input: $input) {{ release {{ {RELEASE_FIELDS} }} errors {{ field code message }} }} }}"
UPDATE = f"mutation($input: UpdateReleaseInput!) {{ updateRelease(input: $input) {{ release {{ {RELEASE_FIELDS} }} errors {{ field code message }} }} }}"
STATE = (
    "workflow { stage status round lockVersion tasks { id stage kind status } opinions { stage decision opinion versionNumber "
    "versionSha256 voided overrides decidedBy { name } onBehalfOf { name } } "
    "corrections { fromVersion toVersion changedCharacters limit approvedVersion changedSinceApproved note correctedBy { name } "
    "diff { fieldChanges { field old new } bodyText { operation lines } } } }"
)
SUBMIT = f"mutation($input: SubmitReleaseInput!) {{ submitRelease(input: $input) {{ replayed {STATE} errors {{ field code message }} }} }}"
CORRECT = (
    "mutation($input: CorrectProofreadInput!) { correctProofread(input: $input) { "
    f"release {{ {RELEASE_FIELDS} lockVersion }} {STATE} replayed errors {{ field code message }} }} }}"
)
DECIDE = f"mutation($input: DecideInput!) {{ decide(input: $input) {{ replayed {STATE} errors {{ field code message }} }} }}"


@dataclass
class WorkflowUnit:
    unit: Unit
    categories: dict[str, str]

    def department(self, code: str) -> str:
        return to_base64("Department", str(self.unit.departments[code]))


class Desk:
    """Acts for the people of one unit through GraphQL, logging each in once."""

    def __init__(self, gql: GraphQLClient, units: UnitFactory, wu: WorkflowUnit) -> None:
        self.gql, self.units, self.wu = gql, units, wu
        self.tokens: dict[str, str] = {}

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = await self.units.token(self.wu.unit, username)
        return self.tokens[username]

    async def create(self, username: str = "drafter", **fields: Any) -> dict[str, Any]:
        content = {
            "title": "关于开展2026年度营商环境评价工作的通知",
            "leadDepartmentId": self.wu.department("policy"),
            "bodyHtml": "<p>根据省政府统一部署，现就有关事项通知如下。</p>",
            "categoryId": self.wu.categories["工作动态"],
            "importance": "ROUTINE",
            "sensitivity": "NORMAL",
            **fields,
        }
        payload = (await self.gql.data(CREATE, {"input": content}, token=await self.token(username)))["createRelease"]
        assert payload["errors"] == [], payload
        release: dict[str, Any] = payload["release"]
        return release

    async def submit(self, release_id: str, username: str = "drafter", **extra: Any) -> dict[str, Any]:
        data = await self.gql.data(SUBMIT, {"input": {"releaseId": release_id, **extra}}, token=await self.token(username))
        payload: dict[str, Any] = data["submitRelease"]
        return payload

    async def decide(self, username: str, release_id: str, decision: str, opinion: str = "同意。", **extra: Any) -> dict[str, Any]:
        variables = {"input": {"releaseId": release_id, "decision": decision, "opinion": opinion, **extra}}
        data = await self.gql.data(DECIDE, variables, token=await self.token(username))
        payload: dict[str, Any] = data["decide"]
        return payload

    async def ok(self, username: str, release_id: str, decision: str = "APPROVE", opinion: str = "同意。", **extra: Any) -> dict[str, Any]:
        payload = await self.decide(username, release_id, decision, opinion, **extra)
        assert payload["errors"] == [], (username, payload["errors"])
        state: dict[str, Any] = payload["workflow"]
        return state

    async def confirm(self, release_id: str, username: str = "publisher", opinion: str = "已校对文字、数据和格式。") -> dict[str, Any]:
        """The publisher confirms the proofreading (发布前校对): the release becomes ready."""
        state = await self.ok(username, release_id, "CONFIRM", opinion)
        assert (state["stage"], state["status"]) == ("ready", "ready"), state
        return state

    async def correct(self, release_id: str, expected_version: int, username: str = "publisher", **fields: Any) -> dict[str, Any]:
        """A proofreading correction; returns the payload (release, workflow, errors)."""
        variables = {"input": {"releaseId": release_id, "expectedVersion": expected_version, **fields}}
        data = await self.gql.data(CORRECT, variables, token=await self.token(username))
        payload: dict[str, Any] = data["correctProofread"]
        return payload


async def waiting_for_a_lock(owner: asyncpg.Connection) -> None:
    """Return once some transaction waits for a row lock."""
    for _ in range(2000):
        if await owner.fetchval("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"):
            return
        await asyncio.sleep(0.005)
    raise AssertionError("no transaction ever waited for a lock")


async def make_workflow_unit(units: UnitFactory, staff: dict[str, tuple[str, list[Role]]] | None = None) -> WorkflowUnit:
    unit = await units.create(staff)
    categories = {}
    async with tenant_transaction(unit.id):
        for name in CATEGORIES:
            row = await DB.fetchrow(
                "insert into disclosure_categories (tenant_id, code, name) values ($1, $2, $3) returning id", unit.id, name, name
            )
            assert row is not None
            categories[name] = to_base64("DisclosureCategory", str(row["id"]))
        await documents.apply_matrix(unit.id, builtin_text("standard-matrix"), None)
        await documents.apply_template(unit.id, builtin_text("standard"), None)
    return WorkflowUnit(unit, categories)


__all__ = ["STAFF", "Desk", "make_workflow_unit", "waiting_for_a_lock"]
