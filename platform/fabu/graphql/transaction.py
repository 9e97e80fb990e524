"""One database transaction per GraphQL operation, scoped to the viewer's tenant.

The transaction opens after parsing and validation (a malformed document never touches the
database), sets the tenant with ``set_config(..., true)``, authenticates the viewer against the
database inside it, and commits only when execution produced no errors. A platform
administrator's request runs with no tenant set: row-level security shows it no unit's rows,
and only the platform operations it calls scope themselves to a unit. Resolvers that run
concurrently share its connection through the engine's statement lock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.graphql.context import Context
from fabu.identity.credentials import Credentials, load_viewer
from fabu.identity.platform_admins import load_platform_admin


class RequestTransaction(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context: Context = execution.context
        if execution.operation_type is OperationType.SUBSCRIPTION:
            # A subscription lives for minutes; each event opens its own transaction.
            yield
            return
        credentials = context.credentials
        async with tenant_transaction(credentials.tenant_id if credentials else None) as transaction:
            if credentials is not None:
                try:
                    await _authenticate(context, credentials)
                except FabuError as error:
                    context.auth_error = error
            yield
            result = execution.result
            if result is not None and result.errors:
                await transaction.rollback()  # type: ignore[no-untyped-call]
            else:
                # Audit entries go last: the unit's chain lock is then held only until the commit.
                for entry in context.pending_audit:
                    await entry.write()


async def _authenticate(context: Context, credentials: Credentials) -> None:
    if credentials.platform is not None:
        context.platform_admin = await load_platform_admin(credentials.platform)
    else:
        context.viewer = await load_viewer(credentials)
