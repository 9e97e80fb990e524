"""Old status reads are pruned daily: those no rate window counts go, the unit's own only, recent ones stay."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from fabu.channels.api import RateLimit
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.jobs.worker import cron_jobs
from fabu.publishing.reads import KEPT_AT_LEAST, prune_all_reads, prune_reads, reads_kept
from fabu_loopback import LoopbackChannel, LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import install_loopback, now, ready_release, relay
from workflow.workflow_support import Desk, make_workflow_unit


async def unit_with_reads(desk: Desk, loopback: LoopbackServer, ages: list[timedelta]) -> UUID:
    """The desk's unit with one outbox row and a status read of it made ``age`` ago for each age."""
    await install_loopback(desk, loopback)
    await ready_release(desk)
    tenant = desk.wu.unit.id
    [outbox_id] = await relay(tenant)
    async with tenant_transaction(tenant):
        for age in ages:
            await DB.fetch(
                "insert into channel_reads (tenant_id, channel, outbox_id, made_at) values ($1, 'loopback', $2, $3)",
                tenant, outbox_id, now() - age,
            )  # fmt: skip
    return tenant


async def read_ages(tenant: UUID, at: datetime) -> list[int]:
    """The unit's reads, as whole days before ``at``, oldest first."""
    async with tenant_transaction(tenant):
        rows = await DB.fetch("select made_at from channel_reads order by made_at")
    return [(at - row["made_at"]).days for row in rows]


async def test_reads_no_window_counts_any_more_are_pruned_and_the_others_kept(desk: Desk, loopback: LoopbackServer) -> None:
    tenant = await unit_with_reads(desk, loopback, [timedelta(days=30), timedelta(days=8), timedelta(days=6), timedelta(0)])
    at = now()

    assert await prune_all_reads(at) >= 2

    assert await read_ages(tenant, at) == [6, 0]


async def test_pruning_one_unit_leaves_another_units_reads_alone(
    desk: Desk, loopback: LoopbackServer, gql: GraphQLClient, units: UnitFactory
) -> None:
    old = [timedelta(days=9)]
    mine = await unit_with_reads(desk, loopback, old)
    theirs = await unit_with_reads(Desk(gql, units, await make_workflow_unit(units)), loopback, old)
    at = now()

    assert await prune_reads(mine, at) == 1

    assert await read_ages(mine, at) == []
    assert await read_ages(theirs, at) == [9]  # row-level security: a unit's transaction sees and deletes its own only


def test_reads_are_kept_as_long_as_the_longest_window_any_plugin_declares(monkeypatch: pytest.MonkeyPatch) -> None:
    assert reads_kept() >= KEPT_AT_LEAST
    month = RateLimit(1000, 30 * 86400.0)
    monkeypatch.setattr(LoopbackChannel, "limits", dataclasses.replace(LoopbackChannel.limits, rate_limits=(month,)))

    assert reads_kept() == timedelta(days=30)


def test_the_worker_prunes_reads_every_day() -> None:
    [pruning] = [job for job in cron_jobs() if job.name == "cron:prune_channel_reads"]
    assert (pruning.hour, pruning.minute) == ({19}, {15})
