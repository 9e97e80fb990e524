"""Keeping a worker at work through Redis outages.

arq's worker ends at the first Redis call that fails: a Redis restart or a network blip would
stop every worker until something restarted it. Here the process outlives the outage instead: the
jobs in flight run to their end (their database effects commit; arq merely cannot record their
results, which is harmless because the outbox, not arq, holds the truth), and a new arq worker
starts once Redis answers again, waiting longer between tries the longer the outage lasts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable
from typing import Final

from arq.worker import Worker
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE: Final = (RedisError, OSError)
"""What ends an arq worker when Redis is down or refuses (arq's own connect retries spent). Broad on
purpose: a lost connection surfaces as a ``ConnectionError``, a ``TimeoutError``, or a ``WatchError``
(a watched key's connection dropped), and a failover's read-only replica as a ``ResponseError``."""

FIRST_PAUSE: Final = 1.0
"""Seconds before the first new worker after an outage; doubled each time a new one cannot connect either."""

LONGEST_PAUSE: Final = 30.0
"""The pause between tries stops growing here, so a worker is back within this long of Redis."""


async def work_through_outages(
    make_worker: Callable[[], Worker], *, first_pause: float = FIRST_PAUSE, longest_pause: float = LONGEST_PAUSE
) -> None:
    """Run arq workers one after another until cancelled (or a burst worker finishes).

    Cancelling closes the current worker as arq does on a signal: its running jobs are cancelled
    and it says goodbye to Redis.
    """
    pause = first_pause
    while True:
        worker = make_worker()
        try:
            await worker.async_run()
        except asyncio.CancelledError:
            await _close(worker)
            raise
        except OUTAGE as error:
            logger.warning("Redis 不可用，工作进程等待重连 / Redis unreachable, the worker waits to reconnect: %s", error)
            if await _let_running_jobs_finish(worker):
                pause = first_pause  # it had connected: the outage has just begun
        else:
            await _close(worker)
            return
        await asyncio.sleep(pause)
        pause = min(pause * 2, longest_pause)


async def _close(worker: Worker) -> None:
    """arq's own goodbye: running jobs cancelled, its health key removed, its pool closed. When Redis cannot
    hear it, or jobs were running (arq's goodbye then ends with their cancellation), only this side of the
    connections is closed."""
    try:
        with warnings.catch_warnings():
            # arq closes its pool with redis-py's deprecated ``close()``; nothing to fix on this side.
            warnings.simplefilter("ignore", DeprecationWarning)
            await worker.close()
    except OUTAGE:
        await _drop_pool(worker)
    except asyncio.CancelledError:  # a job cancelled outside its function (arq's own bookkeeping) re-raises it
        await _drop_pool(worker)
        raise


async def _let_running_jobs_finish(worker: Worker) -> bool:
    """Wait for the jobs a failed worker started (their Redis bookkeeping fails; their work stands), then drop its
    connections; returns whether it had connected at all."""
    await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    return await _drop_pool(worker)


async def _drop_pool(worker: Worker) -> bool:
    """Close the worker's side of its Redis connections (no word to Redis); whether it had a pool to close."""
    if worker._pool is None:  # arq has no public way to ask; it sets the pool once Redis answered
        return False
    with contextlib.suppress(*OUTAGE):
        await worker.pool.aclose(close_connection_pool=True)
    worker._pool = None
    return True
