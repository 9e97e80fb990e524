"""The ``UserError`` payload convention and the one place mutations turn failures into it."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import strawberry

from fabu import audit
from fabu.db.engine import DB
from fabu.errors import FabuError, FabuErrors
from fabu.graphql.context import Info

T = TypeVar("T")


@strawberry.type(description="用户可纠正的错误 / A problem the user can fix, named by field and code.")
class UserError:
    field: str | None = strawberry.field(description="出错的输入字段（camelCase）/ the input field at fault")
    code: str = strawberry.field(description="稳定的错误代码 / a stable error code")
    message: str = strawberry.field(description="中文 / English")
    message_zh: str
    message_en: str

    @classmethod
    def from_error(cls, error: FabuError) -> UserError:
        return cls(field=error.field, code=error.code, message=error.message, message_zh=error.message_zh, message_en=error.message_en)


@dataclass(frozen=True)
class PendingAudit:
    """An audit entry waiting for the end of the request's transaction."""

    tenant_id: Any
    actor: audit.Actor
    action: str
    object_type: str
    object_id: str
    payload: Any

    async def write(self) -> None:
        await audit.record(self.tenant_id, self.actor, self.action, self.object_type, self.object_id, self.payload)


@dataclass
class Outcome(Generic[T]):
    """A mutation's result: the value on success, the errors otherwise."""

    value: T | None = None
    errors: list[UserError] = field(default_factory=list)


# One fixed name: mutations in a request run one after another, and a fixed statement text lets
# asyncpg reuse its prepared statement instead of preparing a new one per mutation.
SAVEPOINT = "fabu_mutation"


async def mutate(
    info: Info,
    action: str,
    payload: Any,
    work: Callable[[], Awaitable[T]],
    target: Callable[[T], tuple[str, str]] | None = None,
) -> Outcome[T]:
    """Run ``work`` atomically: on a ``FabuError`` undo all it wrote and return the errors.

    On success, the audit entry (who, what, which object, digest of the input) is queued on the
    request and written by the request transaction just before it commits, so a change and its
    audit record commit or vanish together, while the unit's audit-chain lock is held only for
    the last moment of the transaction.
    """
    name = SAVEPOINT
    await DB.fetch(f"savepoint {name}")
    try:
        value = await work()
    except FabuError as error:
        await DB.fetch(f"rollback to savepoint {name}")
        return Outcome(errors=[UserError.from_error(error)])
    except FabuErrors as errors:
        await DB.fetch(f"rollback to savepoint {name}")
        return Outcome(errors=[UserError.from_error(error) for error in errors.errors])
    viewer = info.context.viewer
    if target is not None and viewer is not None:
        object_type, object_id = target(value)
        if dataclasses.is_dataclass(payload) and not isinstance(payload, type):
            payload = dataclasses.asdict(payload)
        # asdict above made a copy; dict payloads are built fresh by each mutation.
        info.context.pending_audit.append(
            PendingAudit(viewer.tenant_id, audit.Actor(viewer.account_id, viewer.label), action, object_type, object_id, payload)
        )
    await DB.fetch(f"release savepoint {name}")
    return Outcome(value=value)
