"""The diagram of a unit's active workflow template."""

from __future__ import annotations

from typing import Literal

from fabu.db.engine import DB
from fabu.db.session import switch_tenant
from fabu.errors import FabuError, not_found
from fabu.onboarding._session import onboarding_transaction
from fabu.workflow.definition import to_mermaid, to_svg
from fabu.workflow.documents import TEMPLATE, template_of
from fabu.workflow.errors import WorkflowErrorCode


async def unit_diagram(code: str, kind: Literal["svg", "mermaid"]) -> str:
    """The unit's active template as Mermaid text or a standalone SVG."""
    async with onboarding_transaction():
        row = await DB.fetchrow("select tenant_id_by_code($1) as id", code)
        if not row or row["id"] is None:
            raise not_found("单位", "unit", field="code")
        await switch_tenant(row["id"])
        document = await DB.fetchrow(
            "select * from workflow_documents where tenant_id = $1 and kind = $2 and active", row["id"], TEMPLATE
        )
    if document is None:
        raise FabuError(WorkflowErrorCode.NO_ACTIVE_TEMPLATE, "本单位尚未配置工作流模板", "the unit has no workflow template yet")
    template = template_of(document)
    return to_svg(template) if kind == "svg" else to_mermaid(template)
