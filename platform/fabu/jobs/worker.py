"""The arq worker: its job functions come from every domain's ``jobs`` module, found by walking ``fabu``."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker

import fabu
from fabu.jobs.serialization import job_deserializer, job_serializer
from fabu.services import Services
from fabu.settings import Settings


async def ping(ctx: dict[str, Any]) -> str:
    """A job that proves the worker runs jobs end to end (used by health checks and tests)."""
    return "pong"


def _domain_jobs_modules() -> list[Any]:
    """Every ``fabu.<domain>.jobs`` module that exists."""
    modules = []
    for module in sorted(pkgutil.iter_modules(fabu.__path__), key=lambda m: m.name):
        if not module.ispkg or module.name == "jobs":
            continue
        try:
            modules.append(importlib.import_module(f"fabu.{module.name}.jobs"))
        except ModuleNotFoundError as error:
            if error.name != f"fabu.{module.name}.jobs":
                raise
    return modules


def job_functions() -> list[Any]:
    """``JOBS`` lists of the domains' jobs modules, plus ``ping``."""
    return [ping, *(job for module in _domain_jobs_modules() for job in getattr(module, "JOBS", []))]


def cron_jobs() -> list[Any]:
    """``CRON`` lists of the domains' jobs modules."""
    return [cron for module in _domain_jobs_modules() for cron in getattr(module, "CRON", [])]


def build_worker(settings: Settings, *, services: Services, burst: bool = False) -> Worker:
    """An arq worker whose jobs share the process's ``services`` (``ctx["services"]``)."""
    assert settings.redis_url is not None

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["services"] = services

    return Worker(
        functions=job_functions(),
        cron_jobs=cron_jobs(),
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        on_startup=startup,
        job_serializer=job_serializer,
        job_deserializer=job_deserializer,
        burst=burst,
        handle_signals=False,
        max_jobs=10,
    )
