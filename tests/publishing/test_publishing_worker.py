"""The relay and the delivery run as arq jobs: JSON arguments, the outbox id as job id."""

from __future__ import annotations

import warnings

from fabu.jobs.worker import build_worker, job_functions
from fabu.publishing.relay import DELIVER_JOB, relay_tenant
from fabu.services import Services
from fabu.settings import Settings
from fabu_loopback import LoopbackServer
from publishing.publishing_support import install_loopback, now, outbox_rows, ready_release, uuid_of
from workflow.workflow_support import Desk


def test_the_worker_knows_the_delivery_job_by_name() -> None:
    names = {getattr(job, "name", getattr(job, "__name__", None)) for job in job_functions()}

    assert {DELIVER_JOB, "relay_publications"} <= names


async def test_a_burst_worker_delivers_what_the_relay_enqueued_once(
    desk: Desk, loopback: LoopbackServer, services: Services, settings: Settings
) -> None:
    await install_loopback(desk, loopback)
    tenant = desk.wu.unit.id
    release_id = uuid_of((await ready_release(desk))["id"])
    [row] = await outbox_rows(tenant, release_id)

    claimed = await relay_tenant(services.queue, tenant, now())
    duplicate = await services.queue.enqueue_job(DELIVER_JOB, str(tenant), str(row["id"]), _job_id=str(row["id"]))
    worker = build_worker(settings, services=services, burst=True)
    try:
        await worker.main()
    finally:
        with warnings.catch_warnings():
            # arq closes its pool with redis-py's deprecated close(); nothing to fix on our side.
            warnings.simplefilter("ignore", DeprecationWarning)
            await worker.close()

    assert claimed == [row["id"]]
    assert duplicate is None  # arq refuses a second job with the same id while the first exists
    assert loopback.post_count(release_id) == 1
    [delivered] = await outbox_rows(tenant, release_id)
    assert delivered["status"] == "delivered"
