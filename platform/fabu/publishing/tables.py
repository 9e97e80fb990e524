"""Publishing tables: channel installations, the outbox, delivery attempts and the ledger (发布台账).

The schema itself is the SQL migration in ``piccolo_migrations``; these classes describe the same
columns for querying, and a test checks that both agree.
"""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Array, Boolean, Integer, SmallInt, Text, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class ChannelInstallation(Table, tablename="channel_installations", db=DB):
    """A channel plugin installed for one unit: its public config, its sealed secrets, on or off, paused or not."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    channel = Varchar(length=64)
    enabled = Boolean(default=True)
    config = JSONB(default={})
    secrets = JSONB(default={})
    created_at = Timestamptz()
    updated_at = Timestamptz()
    paused_at = Timestamptz(null=True, default=None)
    paused_reason = Text(null=True, default=None)


class PublicationOutbox(Table, tablename="publication_outbox", db=DB):
    """One release version to publish on, update on or retract from one channel; written with the transition
    into READY (publish, update) or by a retraction (retract)."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    release_id = UUID()
    version_number = Integer()
    content_sha256 = Varchar(length=64)
    channel = Varchar(length=64)
    order_rank = SmallInt(default=1)
    not_before = Timestamptz()
    status = Varchar(length=16, default="pending")
    attempts = Integer(default=0)
    claimed_at = Timestamptz(null=True, default=None)
    last_error = Text(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    poll_after = Timestamptz(null=True, default=None)
    polls = Integer(default=0)
    action = Varchar(length=16, default="publish")
    note = Text(null=True, default=None)


class PublicationAttempt(Table, tablename="publication_attempts", db=DB):
    """One call to a channel, recorded before the call; ``outcome`` stays empty until it returns."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    outbox_id = UUID()
    number = Integer()
    started_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=16, null=True, default=None)
    channel_code = Text(null=True, default=None)
    channel_message = Text(null=True, default=None)
    external_ids = JSONB(default={})
    url = Text(null=True, default=None)


class ChannelRead(Table, tablename="channel_reads", db=DB):
    """One read of a channel (``status`` to reconcile or poll; ``metrics``, ``feedback``), recorded before it is made, for the rate limits."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    channel = Varchar(length=64)
    outbox_id = UUID()
    made_at = Timestamptz()
    capability = Varchar(length=16, default="status")


class PublicationLedger(Table, tablename="publication_ledger", db=DB):
    """An entry of the append-only publication ledger: what went where, approved by whom, with the channel's ids."""

    id = UUID(primary_key=True)
    tenant_id = UUID()
    recorded_at = Timestamptz()
    release_id = UUID()
    version_number = Integer()
    channel = Varchar(length=64)
    state = Varchar(length=16)
    title = Text()
    summary = Text(default="")
    approvers = Array(base_column=Text())
    content_sha256 = Varchar(length=64)
    external_ids = JSONB(default={})
    url = Text(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)
    outbox_id = UUID(null=True, default=None)
    receipt = JSONB(default={})
    action = Varchar(length=16, default="publish")
    note = Text(null=True, default=None)
