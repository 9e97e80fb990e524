"""Error codes of the archive domain."""

from __future__ import annotations

from enum import StrEnum


class ArchiveErrorCode(StrEnum):
    NEVER_PUBLISHED = "NEVER_PUBLISHED"
