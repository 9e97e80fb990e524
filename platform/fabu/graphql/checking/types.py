"""Check reports and the unit's own lexicon entries as GraphQL types."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from fabu.checking import StoredReport
from fabu.checks import Finding, Severity
from fabu.graphql.checking.dataloaders import LexiconEntryByIdLoader
from fabu.graphql.context import Info
from fabu.graphql.releases.support import resolve_by_loader


@strawberry.type(name="CheckFinding", description="一项发布前检查发现 / one finding of the pre-publication checks")
class CheckFindingType:
    code: str = strawberry.field(description="检查代码，如 mobile_number / the check code")
    severity: str = strawberry.field(description="fatal（不可豁免）、blocking、warning、info / how much it weighs on the gate")
    field: str = strawberry.field(description="所在字段：title、summary、body、attachment:… / the field it is in")
    start: int = strawberry.field(description="在该字段纯文本中的起始位置 / start offset in the field's plain text")
    end: int = strawberry.field(description="结束位置（不含）/ end offset (exclusive)")
    matched: str = strawberry.field(description="命中的文字 / the text found")
    message: str = strawberry.field(description="中文 / English")
    message_zh: str
    message_en: str
    suggestion: str | None = strawberry.field(description="建议的写法 / what to write instead")
    attachment: str | None = strawberry.field(description="所在附件 / the attachment it is in")
    fingerprint: str = strawberry.field(description="豁免时引用的指纹 / the key to override it by")
    overridable: bool = strawberry.field(description="审核人能否说明理由后豁免 / whether a reviewer may override it")

    @classmethod
    def from_finding(cls, finding: Finding) -> CheckFindingType:
        return cls(
            code=finding.code.value, severity=finding.severity.value, field=finding.field, start=finding.start,
            end=finding.end, matched=finding.matched, message=f"{finding.message_zh} / {finding.message_en}",
            message_zh=finding.message_zh, message_en=finding.message_en, suggestion=finding.suggestion,
            attachment=finding.attachment, fingerprint=finding.fingerprint, overridable=finding.overridable,
        )  # fmt: skip


@strawberry.type(name="CheckedText", description="被检查字段的纯文本，检查发现的位置据此标注 / the plain text findings index")
class CheckedTextType:
    field: str
    text: str
    attachment: str | None


@strawberry.type(name="CheckReport", description="稿件某一版本的发布前检查报告 / the pre-publication check report of a version")
class CheckReportType:
    version_number: int
    version_sha256: str
    created_at: datetime
    passed: bool = strawberry.field(description="无 fatal、无 blocking 发现（未计豁免）/ nothing fatal or blocking, before overrides")
    fatal_count: int
    blocking_count: int
    warning_count: int
    info_count: int
    findings: list[CheckFindingType]
    texts: list[CheckedTextType]

    @classmethod
    def from_stored(cls, stored: StoredReport) -> CheckReportType:
        report = stored.report
        counts = report.counts()
        return cls(
            version_number=stored.version_number, version_sha256=stored.version_sha256, created_at=stored.created_at,
            passed=report.passed, fatal_count=counts[Severity.FATAL], blocking_count=counts[Severity.BLOCKING],
            warning_count=counts[Severity.WARNING], info_count=counts[Severity.INFO],
            findings=[CheckFindingType.from_finding(f) for f in report.findings],
            texts=[CheckedTextType(field=t.field, text=t.text, attachment=t.attachment) for t in report.texts.values()],
        )  # fmt: skip


@strawberry.type(name="LexiconEntry", description="本单位词库的词条 / a term of the unit's own lexicon")
class LexiconEntryType(relay.Node):
    id: relay.NodeID[str]
    term: str
    kind: str = strawberry.field(description="wrong_expression（错误表述）或 sensitive_word（敏感词）")
    severity: str = strawberry.field(description="blocking、warning 或 info")
    correction: str | None
    note: str
    created_at: datetime
    created_by: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LexiconEntryType:
        return cls(
            id=str(row["id"]), term=row["term"], kind=row["kind"], severity=row["severity"], correction=row["correction"],
            note=row["note"], created_at=row["created_at"], created_by=row["created_by_person_id"],
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return await resolve_by_loader(info, LexiconEntryByIdLoader, node_ids, cls.from_row)
