"""Telling the workflow engine about a new version, in the same transaction as the save.

The engine provides ``fabu.workflow.hooks.after_new_version(release_id, version_id, sha256,
editor_person_id)`` (for instance to void approvals whose SHA-256 no longer matches). Until that
module exists, saving works without it; once it exists, a failure inside it fails the save.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from functools import cache
from uuid import UUID

HOOK_MODULE = "fabu.workflow.hooks"

AfterNewVersion = Callable[[UUID, UUID, str, UUID], Awaitable[None]]


@cache
def _after_new_version() -> AfterNewVersion | None:
    try:
        module = importlib.import_module(HOOK_MODULE)
    except ModuleNotFoundError as error:
        # Only the hook module being absent is expected; a missing import inside it is a bug.
        if error.name in (HOOK_MODULE, HOOK_MODULE.rpartition(".")[0]):
            return None
        raise
    hook: AfterNewVersion = module.after_new_version
    return hook


async def after_new_version(release_id: UUID, version_id: UUID, sha256: str, editor_person_id: UUID) -> None:
    """Call the workflow engine's hook, if it has one."""
    hook = _after_new_version()
    if hook is not None:
        await hook(release_id, version_id, sha256, editor_person_id)
