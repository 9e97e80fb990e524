"""Writing a stored unit back as a manifest that re-applies with no changes."""

from __future__ import annotations

from typing import Any

import yaml

from fabu.db.engine import DB
from fabu.db.session import switch_tenant
from fabu.errors import not_found
from fabu.onboarding._channels import exported_channels
from fabu.onboarding._lexicons import exported_lexicons
from fabu.onboarding._session import onboarding_transaction, restoring_tenant
from fabu.onboarding._state import UnitState, read_state
from fabu.tenancy.roles import Role
from fabu.workflow.definition import (
    builtin_matrix_names,
    builtin_template_names,
    load_builtin_matrix,
    load_builtin_template,
    matrix_to_data,
    template_to_data,
)

_ROLE_ORDER = {role.value: position for position, role in enumerate(Role)}


async def export_manifest(code: str) -> dict[str, Any]:
    """The manifest of the unit ``code`` as plain data (raises ``FabuError`` when there is no such unit)."""
    async with onboarding_transaction():
        return await export_in_transaction(code)


async def export_in_transaction(code: str) -> dict[str, Any]:
    """Like :func:`export_manifest`, in the caller's transaction, whose tenant is left as it was."""
    async with restoring_tenant():
        row = await DB.fetchrow("select tenant_id_by_code($1) as id", code)
        if not row or row["id"] is None:
            raise not_found("单位", "unit", field="code")
        await switch_tenant(row["id"])
        state, _ = await read_state(row["id"], code)
        channels = await exported_channels(state.settings.get("channels") or [])
    return manifest_data(state, channels)


def export_yaml(data: dict[str, Any]) -> str:
    header = "# Fabu 单位入驻清单 / unit manifest — schema: tenants/schema.json\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def manifest_data(state: UnitState, channels: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The manifest of ``state`` with ``channels`` (the installed channels as entries; none if not given)."""
    settings = {**state.settings, "channels": channels or []}
    unit: dict[str, Any] = {"code": state.code, "name": state.name}
    if state.name_en:
        unit["name_en"] = state.name_en
    if settings.get("credit_code"):
        unit["credit_code"] = settings["credit_code"]
    data: dict[str, Any] = {
        "unit": unit,
        "departments": [_department(code, state.departments[code]) for code in _parents_first(state)],
        "people": [_person(state, key) for key in state.people],
        "leaders": _leaders(state),
        "catalogue": {
            "index_scheme": settings.get("index_scheme") or {"organisation_code": settings.get("credit_code") or state.code},
            "categories": [_category(code, name, parent) for code, (name, parent) in state.categories.items()],
        },
        "workflow": {
            "template": _document(state.template, builtin_template_names(), lambda n: template_to_data(load_builtin_template(n))),
            "matrix": _document(state.matrix, builtin_matrix_names(), lambda n: matrix_to_data(load_builtin_matrix(n))),
        },
    }
    settings["lexicons"] = exported_lexicons(settings.get("lexicons") or [], state.lexicon or {})
    for section in ("channels", "lexicons", "retention"):
        if settings.get(section):
            data[section] = settings[section]
    return data


def _parents_first(state: UnitState) -> list[str]:
    """Department codes with every parent before its children (a readable tree), otherwise in stored order."""
    ordered: list[str] = []
    placed: set[str] = set()

    def place(code: str) -> None:
        parent = state.departments[code].parent
        if code in placed:
            return
        placed.add(code)
        if parent is not None and parent in state.departments:
            place(parent)
        ordered.append(code)

    for code in sorted(state.departments, key=lambda code: (not state.departments[code].office, code)):
        place(code)
    return ordered


def _department(code: str, department: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": code, "name": department.name}
    if department.parent:
        entry["parent"] = department.parent
    if department.office:
        entry["office"] = True
    return entry


def _person(state: UnitState, key: str) -> dict[str, Any]:
    person = state.people[key]
    entry: dict[str, Any] = {}
    if key != person.username:
        entry["key"] = key
    entry["name"] = person.name
    for name in ("title", "email", "username"):
        if getattr(person, name):
            entry[name] = getattr(person, name)
    roles: dict[str, list[str]] = {}
    for member, department, role in state.memberships:
        if member == key:
            roles.setdefault(department, []).append(role)
    entry["memberships"] = [
        {"department": department, "roles": sorted(held, key=_ROLE_ORDER.__getitem__)}
        for department, held in sorted(roles.items(), key=lambda item: list(state.departments).index(item[0]))
    ]
    return entry


def _leaders(state: UnitState) -> dict[str, Any]:
    leaders: dict[str, Any] = {}
    if state.principal:
        leaders["principal"] = state.principal
    if state.supervising:
        order = list(state.departments)
        leaders["supervising"] = dict(sorted(state.supervising.items(), key=lambda item: order.index(item[0])))
    return leaders


def _category(code: str, name: str, parent: str | None) -> dict[str, Any]:
    return {"code": code, "name": name, **({"parent": parent} if parent else {})}


def _document(stored: dict[str, Any] | None, names: tuple[str, ...], builtin: Any) -> str | dict[str, Any]:
    if stored is None:
        return names[-1] if names else ""
    for name in names:
        if {**builtin(name), "version": 0} == {**stored, "version": 0}:
            return name
    return stored

