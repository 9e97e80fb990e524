"""inboxChanged: pushes the viewer's open-task count whenever a committed transition touches their inbox.

Each event reads the inbox in a fresh tenant transaction of its own; the subscription holds no
transaction while it waits.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator

import strawberry

from fabu.db.engine import DB
from fabu.db.listen import listener
from fabu.db.session import tenant_transaction
from fabu.errors import FabuError
from fabu.graphql.context import Info
from fabu.identity.credentials import load_viewer
from fabu.identity.viewer import Viewer
from fabu.workflow.inbox import INBOX_TASKS, acting_for
from fabu.workflow.notify import INBOX_CHANNEL


@strawberry.type(description="待办变化 / the viewer's inbox changed")
class InboxUpdate:
    open_tasks: int


async def _authenticate(info: Info) -> Viewer:
    credentials = info.context.credentials
    if credentials is None:
        raise info.context.auth_error or FabuError("UNAUTHENTICATED", "需要登录", "authentication required")
    async with tenant_transaction(credentials.tenant_id):
        return await load_viewer(credentials)


async def _count(viewer: Viewer) -> int:
    async with tenant_transaction(viewer.tenant_id):
        row = await DB.fetchrow(f"select count(*) as n from {INBOX_TASKS}", await acting_for(viewer.person_id))
    return int(row["n"]) if row else 0


@strawberry.type
class WorkflowSubscription:
    @strawberry.subscription(description="我的待办有变化时推送 / pushed when my inbox changes")
    async def inbox_changed(self, info: Info) -> AsyncGenerator[InboxUpdate, None]:
        viewer = await _authenticate(info)
        async with listener(INBOX_CHANNEL).subscribe() as queue:
            yield InboxUpdate(open_tasks=await _count(viewer))
            while True:
                event = json.loads(await queue.get())
                if event["tenant"] == str(viewer.tenant_id) and str(viewer.person_id) in event["people"]:
                    yield InboxUpdate(open_tasks=await _count(viewer))
