"""The long-lived clients one process shares: database pool, Redis, job queue, object store."""

from __future__ import annotations

from dataclasses import dataclass

from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool, Redis

from fabu.db.engine import DB, configure_engine
from fabu.identity.throttle import LoginThrottle
from fabu.jobs.serialization import job_deserializer, job_serializer
from fabu.settings import Settings
from fabu.storage import ObjectStore, S3ObjectStore, build_object_store


@dataclass
class Services:
    """Everything a request or a job needs besides its own arguments."""

    settings: Settings
    redis: Redis
    queue: ArqRedis
    store: ObjectStore
    throttle: LoginThrottle

    async def close(self) -> None:
        await self.queue.aclose(close_connection_pool=True)  # a pool handed in is not closed otherwise
        await self.redis.aclose()
        if DB.pool is not None:
            await DB.close_connection_pool()


def app_database_url(settings: Settings) -> str:
    """The URL the API and workers connect with: the non-owner app role, never the owner."""
    if settings.app_database_url:
        return settings.app_database_url
    if not settings.database_url:
        raise RuntimeError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(settings.database_url)
    host = parts.netloc.rpartition("@")[2]
    credentials = f"{quote(settings.app_db_role)}:{quote(settings.app_db_password.get_secret_value())}"
    return urlunsplit(parts._replace(netloc=f"{credentials}@{host}"))


async def start_services(settings: Settings) -> Services:
    """Connect everything; the caller owns the result and must ``close()`` it."""
    if settings.redis_url is None:
        raise RuntimeError("FABU_REDIS_URL 未设置 / FABU_REDIS_URL is not set")
    configure_engine(app_database_url(settings))
    await DB.start_connection_pool(min_size=1, max_size=settings.db_pool_size)
    redis = Redis.from_url(settings.redis_url)
    # Not pinged: a process started while Redis is down still starts (its health check says so, and a
    # worker waits for Redis, see ``fabu.jobs.supervision``); each use connects when it needs to.
    queue = ArqRedis(ConnectionPool.from_url(settings.redis_url), job_serializer=job_serializer, job_deserializer=job_deserializer)
    store = build_object_store(settings)
    if isinstance(store, S3ObjectStore):
        await store.ensure_bucket()
    throttle = LoginThrottle(
        redis, max_failures=settings.login_max_failures, lockout_seconds=settings.login_lockout_minutes * 60
    )
    return Services(settings=settings, redis=redis, queue=queue, store=store, throttle=throttle)
