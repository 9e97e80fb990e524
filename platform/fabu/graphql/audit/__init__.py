"""The audit domain's GraphQL: chain verification and the log itself, for auditors and admins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from fabu import audit
from fabu.graphql.context import Info
from fabu.graphql.pagination import Connection, keyset_page
from fabu.graphql.permissions import requires
from fabu.tenancy.roles import Role


@strawberry.type(description="审计链校验结果 / the outcome of verifying the audit chain")
class AuditChainReport:
    entries: int
    intact: bool
    first_broken_seq: int | None
    reason: str | None

    @classmethod
    def from_report(cls, report: audit.ChainReport) -> AuditChainReport:
        return cls(entries=report.entries, intact=report.intact, first_broken_seq=report.first_broken_seq, reason=report.reason)


@strawberry.type(description="审计日志条目 / an audit-log entry")
class AuditEntryType:
    seq: int
    occurred_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    input_digest: str
    entry_hash: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditEntryType:
        return cls(**{name: row[name] for name in cls.__annotations__})


@strawberry.type
class Query:
    @strawberry.field(description="校验本单位审计链 / verify the unit's audit chain", extensions=requires(Role.AUDITOR, Role.TENANT_ADMIN))
    async def audit_chain(self, info: Info) -> AuditChainReport:
        assert info.context.viewer is not None
        return AuditChainReport.from_report(await audit.verify(info.context.viewer.tenant_id))

    @strawberry.field(description="审计日志 / the audit log, oldest first", extensions=requires(Role.AUDITOR, Role.TENANT_ADMIN))
    async def audit_entries(self, info: Info, first: int = 50, after: str | None = None) -> Connection[AuditEntryType]:
        return await keyset_page(
            table="(select *, tenant_id as id, lpad(seq::text, 20, '0') as seq_key from audit_entries) entries",
            sort_column="seq_key", first=first, after=after,
            max_page_size=info.context.settings.graphql_max_page_size, to_node=AuditEntryType.from_row,
        )


__all__ = ["AuditChainReport", "AuditEntryType", "Query"]
