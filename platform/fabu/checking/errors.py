"""Checking error codes."""

from enum import StrEnum


class CheckingErrorCode(StrEnum):
    INVALID_LEXICON_ENTRY = "INVALID_LEXICON_ENTRY"
