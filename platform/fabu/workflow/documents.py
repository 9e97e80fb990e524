"""Storing a unit's workflow template and authority matrix as immutable, numbered versions.

Applying a document validates it completely first (every problem listed, with its path); the
authority matrix is also checked to cover every combination over the unit's disclosure
catalogue. A release stays on the versions it started under, so old versions are never changed.

Queries name the transaction's tenant explicitly as well: row-level security already confines
them, but platform commands may run as a superuser, for whom it does not apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fabu.db.engine import DB
from fabu.db.sql import CURRENT_TENANT
from fabu.errors import FabuError
from fabu.workflow.definition import (
    AuthorityMatrix,
    WorkflowTemplate,
    dump_matrix,
    dump_template,
    ensure_matrix_complete,
    load_matrix,
    load_template,
    matrix_from_data,
    matrix_to_data,
    template_from_data,
    template_to_data,
)
from fabu.workflow.errors import WorkflowErrorCode

TEMPLATE, MATRIX = "template", "matrix"


@dataclass(frozen=True)
class AppliedDocument:
    """A stored version: its row id, key and number, and whether applying created it."""

    id: UUID
    key: str
    version: int
    created: bool


async def catalogue_codes() -> list[str]:
    """The codes of the unit's disclosure categories, which the authority matrix must cover."""
    return [row["code"] for row in await DB.fetch(f"select code from disclosure_categories where tenant_id = {CURRENT_TENANT} order by code")]


async def apply_template(tenant_id: UUID, yaml_text: str, person_id: UUID | None) -> AppliedDocument:
    template = load_template(yaml_text)
    return await _store(tenant_id, TEMPLATE, template.key, template_to_data(template), person_id, _template_renumbered)


async def apply_matrix(tenant_id: UUID, yaml_text: str, person_id: UUID | None) -> AppliedDocument:
    matrix = load_matrix(yaml_text)
    ensure_matrix_complete(matrix, await catalogue_codes())
    return await _store(tenant_id, MATRIX, matrix.key, matrix_to_data(matrix), person_id, _matrix_renumbered)


def _template_renumbered(data: dict[str, Any], version: int) -> tuple[dict[str, Any], str]:
    template = template_from_data({**data, "version": version})
    return template_to_data(template), dump_template(template)


def _matrix_renumbered(data: dict[str, Any], version: int) -> tuple[dict[str, Any], str]:
    matrix = matrix_from_data({**data, "version": version})
    return matrix_to_data(matrix), dump_matrix(matrix)


async def _store(tenant_id: UUID, kind: str, key: str, data: dict[str, Any], person_id: UUID | None, renumber: Any) -> AppliedDocument:
    """Store ``data`` as the next version of (kind, key) and make it active; an unchanged document is a no-op."""
    await DB.fetch("select pg_advisory_xact_lock(hashtextextended('workflow-doc:' || $1::text || $2, 0))", str(tenant_id), kind)
    latest = await DB.fetchrow(
        f"""select id, version, document, active from workflow_documents
            where tenant_id = {CURRENT_TENANT} and kind = $1 and key = $2 order by version desc limit 1""",
        kind,
        key,
    )
    if latest is not None and _same(json.loads(latest["document"]), data):
        if not latest["active"]:
            await _activate(kind, latest["id"])
        return AppliedDocument(latest["id"], key, latest["version"], created=False)
    version = (latest["version"] + 1) if latest else 1
    document, source = renumber(data, version)
    row = await DB.fetchrow(
        """insert into workflow_documents (tenant_id, kind, key, version, document, source_yaml, created_by_person_id)
           values ($1, $2, $3, $4, $5::jsonb, $6, $7) returning id""",
        tenant_id,
        kind,
        key,
        version,
        json.dumps(document, ensure_ascii=False),
        source,
        person_id,
    )
    assert row is not None
    await _activate(kind, row["id"])
    return AppliedDocument(row["id"], key, version, created=True)


def _same(stored: dict[str, Any], incoming: dict[str, Any]) -> bool:
    """Equal apart from the version number, which the platform assigns."""
    return {**stored, "version": 0} == {**incoming, "version": 0}


async def _activate(kind: str, document_id: UUID) -> None:
    await DB.fetch(f"update workflow_documents set active = false where tenant_id = {CURRENT_TENANT} and kind = $1 and active", kind)
    await DB.fetch(f"update workflow_documents set active = true where tenant_id = {CURRENT_TENANT} and id = $1", document_id)


async def active_document(kind: str) -> dict[str, Any] | None:
    return await DB.fetchrow(f"select * from workflow_documents where tenant_id = {CURRENT_TENANT} and kind = $1 and active", kind)


async def document_by_id(document_id: UUID) -> dict[str, Any] | None:
    return await DB.fetchrow(f"select * from workflow_documents where tenant_id = {CURRENT_TENANT} and id = $1", document_id)


def template_of(row: dict[str, Any]) -> WorkflowTemplate:
    return template_from_data(json.loads(row["document"]) if isinstance(row["document"], str) else row["document"])


def matrix_of(row: dict[str, Any]) -> AuthorityMatrix:
    return matrix_from_data(json.loads(row["document"]) if isinstance(row["document"], str) else row["document"])


async def active_template_and_matrix() -> tuple[dict[str, Any], dict[str, Any]]:
    """The active template and the active version of the matrix it names; a clear error when missing."""
    template_row = await active_document(TEMPLATE)
    if template_row is None:
        raise FabuError(
            WorkflowErrorCode.NO_ACTIVE_TEMPLATE,
            "本单位尚未配置工作流模板",
            "the unit has no workflow template yet",
            field="releaseId",
        )
    template = template_of(template_row)
    matrix_row = await DB.fetchrow(
        f"select * from workflow_documents where tenant_id = {CURRENT_TENANT} and kind = 'matrix' and key = $1 and active",
        template.authority_matrix,
    )
    if matrix_row is None:
        raise FabuError(
            WorkflowErrorCode.NO_ACTIVE_TEMPLATE,
            f"本单位尚未配置审定权限矩阵 {template.authority_matrix}",
            f"the unit has no authority matrix {template.authority_matrix} yet",
            field="releaseId",
        )
    return template_row, matrix_row
