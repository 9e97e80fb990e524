"""addLexiconEntry: a tenant admin adds a wrong expression or sensitive word to the unit's own lexicon."""

from __future__ import annotations

from enum import Enum

import strawberry

from fabu.checking import NewLexiconEntry, add_entry
from fabu.checks import EntryKind, Severity
from fabu.graphql.checking.types import LexiconEntryType
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires
from fabu.tenancy.roles import Role


@strawberry.enum(name="LexiconEntryKind", description="错误表述或敏感词 / wrong expression or sensitive word")
class LexiconEntryKindEnum(Enum):
    WRONG_EXPRESSION = "wrong_expression"
    SENSITIVE_WORD = "sensitive_word"


@strawberry.enum(name="LexiconEntrySeverity", description="词条命中时的分量（fatal 仅用于密级标识）/ weight of a hit")
class LexiconEntrySeverityEnum(Enum):
    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"


@strawberry.input
class AddLexiconEntryInput:
    term: str
    kind: LexiconEntryKindEnum
    severity: LexiconEntrySeverityEnum = LexiconEntrySeverityEnum.WARNING
    correction: str | None = strawberry.field(default=None, description="正确表述，错误表述必填 / required for a wrong expression")
    note: str = ""


@strawberry.type
class AddLexiconEntryPayload:
    entry: LexiconEntryType | None
    errors: list[UserError]


@strawberry.mutation(description="向本单位词库添加词条 / add a term to the unit's lexicon", extensions=requires(Role.TENANT_ADMIN))
async def add_lexicon_entry(info: Info, input: AddLexiconEntryInput) -> AddLexiconEntryPayload:
    viewer = info.context.viewer
    assert viewer is not None

    async def work() -> LexiconEntryType:
        entry = NewLexiconEntry(
            input.term, EntryKind(input.kind.value), Severity(input.severity.value), input.correction, input.note
        )
        return LexiconEntryType.from_row(await add_entry(viewer.tenant_id, viewer.person_id, entry))

    audited = {
        "term": input.term, "kind": input.kind.value, "severity": input.severity.value,
        "correction": input.correction, "note": input.note,
    }  # fmt: skip
    outcome = await mutate(info, "checking.add_lexicon_entry", audited, work, lambda e: ("LexiconEntry", e.id))
    return AddLexiconEntryPayload(entry=outcome.value, errors=outcome.errors)
