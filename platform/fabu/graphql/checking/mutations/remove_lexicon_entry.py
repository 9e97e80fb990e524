"""removeLexiconEntry: a tenant admin removes a term from the unit's own lexicon."""

from __future__ import annotations

import strawberry
from strawberry import relay

from fabu.checking import remove_entry
from fabu.graphql.checking.types import LexiconEntryType
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.ids import decode_id
from fabu.graphql.permissions import requires
from fabu.tenancy.roles import Role


@strawberry.input
class RemoveLexiconEntryInput:
    id: relay.GlobalID


@strawberry.type
class RemoveLexiconEntryPayload:
    removed_id: relay.GlobalID | None
    errors: list[UserError]


@strawberry.mutation(description="从本单位词库删除词条 / remove a term from the unit's lexicon", extensions=requires(Role.TENANT_ADMIN))
async def remove_lexicon_entry(info: Info, input: RemoveLexiconEntryInput) -> RemoveLexiconEntryPayload:
    async def work() -> str:
        entry_id = decode_id(input.id, LexiconEntryType, "id")
        assert entry_id is not None
        row = await remove_entry(entry_id)
        return str(row["id"])

    outcome = await mutate(info, "checking.remove_lexicon_entry", {"id": str(input.id)}, work, lambda i: ("LexiconEntry", i))
    removed = relay.GlobalID("LexiconEntry", outcome.value) if outcome.value is not None else None
    return RemoveLexiconEntryPayload(removed_id=removed, errors=outcome.errors)
