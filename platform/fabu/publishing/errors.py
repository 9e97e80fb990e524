"""Error codes of the publishing domain."""

from __future__ import annotations

from enum import StrEnum


class PublishingErrorCode(StrEnum):
    UNKNOWN_CHANNEL = "UNKNOWN_CHANNEL"
    ALREADY_INSTALLED = "ALREADY_INSTALLED"
    NOT_INSTALLED = "NOT_INSTALLED"
    INVALID_CONFIG = "INVALID_CONFIG"
    NEVER_PUBLISHED = "NEVER_PUBLISHED"
    NOT_LIVE = "NOT_LIVE"
