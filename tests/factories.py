"""Factories: units with departments, people in every role and logins, built through the services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from fabu.db.session import platform_transaction, switch_tenant
from fabu.identity.accounts import create_account
from fabu.settings import Settings
from fabu.tenancy import services
from fabu.tenancy.roles import LeadershipKind, Role

PASSWORD = "correct-horse-battery"


class GraphQLClient:
    """Posts GraphQL documents with variables, as a front end would."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client

    async def raw(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)

    async def __call__(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        response = await self.raw(query, variables, token)
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        """The ``data`` of a request that must succeed without GraphQL errors."""
        body = await self(query, variables, token)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def login(self, unit_code: str, username: str, password: str = PASSWORD) -> dict[str, Any]:
        data = await self.data(
            "mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken refreshToken expiresIn } "
            "errors { field code message } } }",
            {"input": {"unitCode": unit_code, "username": username, "password": password}},
        )
        payload: dict[str, Any] = data["login"]
        return payload

    async def token(self, unit_code: str, username: str) -> str:
        payload = await self.login(unit_code, username)
        assert payload["errors"] == [], payload
        token: str = payload["tokens"]["accessToken"]
        return token


@dataclass
class Unit:
    """A unit made for one test: ids by code/username, and its logins."""

    id: UUID
    code: str
    departments: dict[str, UUID] = field(default_factory=dict)
    people: dict[str, UUID] = field(default_factory=dict)


# username -> (department code, roles)
STAFF: dict[str, tuple[str, list[Role]]] = {
    "admin": ("office", [Role.TENANT_ADMIN]),
    "drafter": ("policy", [Role.DRAFTER]),
    "reviewer": ("policy", [Role.DEPARTMENT_REVIEWER]),
    "planner": ("planning", [Role.DEPARTMENT_REVIEWER]),
    "legal": ("legal", [Role.DEPARTMENT_REVIEWER]),
    "office": ("office", [Role.OFFICE_REVIEWER]),
    "deputy": ("office", [Role.LEADER]),
    "director": ("office", [Role.LEADER]),
    "publisher": ("office", [Role.PUBLISHER]),
    "auditor": ("office", [Role.AUDITOR]),
}


class UnitFactory:
    def __init__(self, settings: Settings, gql: GraphQLClient) -> None:
        self.settings = settings
        self.gql = gql

    async def create(self, staff: dict[str, tuple[str, list[Role]]] | None = None) -> Unit:
        """A unit with office/policy/planning/legal departments, the given staff (default: every role)."""
        code = f"u-{uuid.uuid4().hex[:10]}"
        async with platform_transaction():
            tenant_id = await services.create_tenant(code, f"测试单位 {code}")
            await switch_tenant(tenant_id)
            unit = Unit(id=tenant_id, code=code)
            for department, name, is_office in [
                ("office", "办公室", True), ("policy", "政策法规科", False),
                ("planning", "规划科", False), ("legal", "法制科", False),
            ]:
                unit.departments[department] = await services.create_department(tenant_id, department, name, is_office=is_office)
            for username, (department, roles) in (staff or STAFF).items():
                person_id = await services.create_person(tenant_id, f"{username}-姓名")
                unit.people[username] = person_id
                for role in roles:
                    await services.add_membership(tenant_id, person_id, unit.departments[department], role)
                await create_account(self.settings, tenant_id, person_id, username, PASSWORD)
            if "deputy" in unit.people:
                for department in ("policy", "planning", "legal"):
                    await services.set_leader(tenant_id, unit.people["deputy"], LeadershipKind.SUPERVISING, unit.departments[department])
            if "director" in unit.people:
                await services.set_leader(tenant_id, unit.people["director"], LeadershipKind.PRINCIPAL)
        return unit

    async def token(self, unit: Unit, username: str) -> str:
        return await self.gql.token(unit.code, username)
