"""A unit's configuration as comparable data, built from a manifest or read from the database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.onboarding._loading import ValidManifest
from fabu.onboarding._manifest import ENV_REFERENCE
from fabu.workflow.definition import matrix_to_data, template_to_data

_ENV_REFERENCE = re.compile(ENV_REFERENCE)


@dataclass(frozen=True)
class DepartmentState:
    name: str
    parent: str | None
    office: bool


@dataclass(frozen=True)
class PersonState:
    name: str
    title: str
    email: str
    username: str | None


@dataclass(frozen=True)
class ChannelState:
    """A channel as comparable data; secrets only as digests, and nothing here is ever printed."""

    enabled: bool
    public: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each secret that is set, by field alias."""


@dataclass(frozen=True)
class TermState:
    kind: str
    severity: str
    correction: str | None
    note: str


@dataclass
class UnitState:
    """Everything a manifest sets, keyed by the codes and keys people write."""

    code: str
    name: str = ""
    name_en: str = ""
    departments: dict[str, DepartmentState] = field(default_factory=dict)
    people: dict[str, PersonState] = field(default_factory=dict)
    memberships: set[tuple[str, str, str]] = field(default_factory=set)
    """(person key, department code, role)"""
    principal: str | None = None
    supervising: dict[str, str] = field(default_factory=dict)
    categories: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    template: dict[str, Any] | None = None
    matrix: dict[str, Any] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    """What is recorded rather than modelled in tables: credit code, index scheme, channels, lexicons, retention."""
    channels: dict[str, ChannelState] = field(default_factory=dict)
    lexicon: dict[str, TermState] | None = None
    """The unit's own lexicon by term; in a desired state, None when the manifest lists no terms (left alone)."""
    """Installed channels (filled in by the apply, which alone holds the key ring and the environment)."""


def env_references(config: dict[str, Any]) -> dict[str, str]:
    """The fields of a channel config written as ``${env:NAME}``."""
    return {key: value for key, value in config.items() if isinstance(value, str) and _ENV_REFERENCE.match(value)}


def recorded_settings(valid: ValidManifest) -> dict[str, Any]:
    manifest = valid.manifest
    data = manifest.model_dump(mode="json", include={"catalogue", "lexicons", "retention"})
    return {
        "credit_code": manifest.unit.credit_code,
        "index_scheme": data["catalogue"]["index_scheme"],
        # Channel configs live in their installations; only the references are recorded, for export.
        "channels": [
            {"plugin": channel.plugin, "enabled": channel.enabled, "references": env_references(channel.config)}
            for channel in manifest.channels
        ],
        "lexicons": data["lexicons"],
        "retention": data["retention"],
    }


def desired_state(valid: ValidManifest) -> UnitState:
    """The state ``valid`` asks for."""
    manifest = valid.manifest
    return UnitState(
        code=manifest.unit.code,
        name=manifest.unit.name,
        name_en=manifest.unit.name_en,
        departments={d.code: DepartmentState(d.name, d.parent, d.office) for d in manifest.departments},
        people={p.identity: PersonState(p.name, p.title, p.email, p.username) for p in manifest.people},
        memberships={
            (p.identity, m.department, str(role)) for p in manifest.people for m in p.memberships for role in m.roles
        },
        principal=manifest.leaders.principal,
        supervising=dict(manifest.leaders.supervising),
        categories={c.code: (c.name, c.parent) for c in manifest.catalogue.categories},
        template=template_to_data(valid.template),
        matrix=matrix_to_data(valid.matrix),
        settings=recorded_settings(valid),
        lexicon=_desired_lexicon(valid),
    )


def _desired_lexicon(valid: ValidManifest) -> dict[str, TermState] | None:
    terms = [term for lexicon in valid.manifest.lexicons for term in lexicon.terms]
    if not terms:
        return None
    return {
        term.term.strip(): TermState(term.kind, term.severity, (term.correction or "").strip() or None, term.note.strip())
        for term in terms
    }


@dataclass
class StoredIds:
    """Row ids behind a stored state, for writing changes."""

    tenant_id: UUID
    departments: dict[str, UUID] = field(default_factory=dict)
    people: dict[str, UUID] = field(default_factory=dict)
    """Active people by key."""
    all_keys: dict[str, UUID] = field(default_factory=dict)
    """Every person ever keyed, active or not (a person removed and listed again comes back)."""
    categories: dict[str, UUID] = field(default_factory=dict)


async def read_state(tenant_id: UUID, code: str) -> tuple[UnitState, StoredIds]:
    """The unit's stored state; the transaction must be scoped to ``tenant_id``."""
    ids = StoredIds(tenant_id)
    unit = await DB.fetchrow("select name, name_en from tenants where id = $1", tenant_id)
    state = UnitState(code=code, name=unit["name"] if unit else "", name_en=unit["name_en"] if unit else "")
    departments = await DB.fetch(
        "select id, code, name, parent_id, is_office from departments where tenant_id = $1 order by created_at, code", tenant_id
    )
    by_id = {row["id"]: row["code"] for row in departments}
    for row in departments:
        ids.departments[row["code"]] = row["id"]
        state.departments[row["code"]] = DepartmentState(row["name"], by_id.get(row["parent_id"]), row["is_office"])
    people = await DB.fetch(
        """select p.id, p.name, p.title, p.email, p.active, k.key,
                  (select a.username from accounts a where a.person_id = p.id and not a.disabled) as username
           from people p left join onboarding_person_keys k on k.person_id = p.id
           where p.tenant_id = $1 order by p.created_at, p.id""",
        tenant_id,
    )
    person_keys: dict[UUID, str] = {}
    for row in people:
        key = row["key"] or row["username"] or f"p-{row['id'].hex[:12]}"
        ids.all_keys[key] = row["id"]
        if row["active"]:
            person_keys[row["id"]] = key
            ids.people[key] = row["id"]
            state.people[key] = PersonState(row["name"], row["title"], row["email"], row["username"])
    for row in await DB.fetch("select person_id, department_id, role from memberships where tenant_id = $1", tenant_id):
        if row["person_id"] in person_keys:
            state.memberships.add((person_keys[row["person_id"]], by_id[row["department_id"]], row["role"]))
    for row in await DB.fetch("select person_id, kind, department_id from leadership where tenant_id = $1", tenant_id):
        key = person_keys.get(row["person_id"])
        if key is None:
            continue
        if row["kind"] == "principal":
            state.principal = key
        else:
            state.supervising[by_id[row["department_id"]]] = key
    categories = await DB.fetch(
        "select id, code, name, parent_id from disclosure_categories where tenant_id = $1 order by created_at, code", tenant_id
    )
    category_codes = {row["id"]: row["code"] for row in categories}
    for row in categories:
        ids.categories[row["code"]] = row["id"]
        state.categories[row["code"]] = (row["name"], category_codes.get(row["parent_id"]))
    state.template = await _active_document(tenant_id, "template", None)
    if state.template is not None:
        state.matrix = await _active_document(tenant_id, "matrix", state.template.get("authority_matrix"))
    state.lexicon = {
        row["term"]: TermState(row["kind"], row["severity"], row["correction"], row["note"])
        for row in await DB.fetch("select term, kind, severity, correction, note from lexicon_entries where tenant_id = $1 order by term", tenant_id)
    }
    settings = await DB.fetchrow("select settings from onboarding_settings where tenant_id = $1", tenant_id)
    state.settings = json.loads(settings["settings"]) if settings else {}
    return state, ids


async def _active_document(tenant_id: UUID, kind: str, key: str | None) -> dict[str, Any] | None:
    row = await DB.fetchrow(
        "select document from workflow_documents where tenant_id = $1 and kind = $2 and active and ($3::text is null or key = $3)",
        tenant_id,
        kind,
        key,
    )
    if row is None:
        return None
    document = row["document"]
    data: dict[str, Any] = json.loads(document) if isinstance(document, str) else document
    return data
