"""The one exception type that becomes a user-facing error: a code, the field, and a bilingual message.

Services raise ``FabuError`` (or a list of them via ``FabuErrors``) for anything a user can fix;
the GraphQL layer turns them into ``UserError`` payload entries and rolls the mutation back.
Anything else is a bug and stays a (masked in production) GraphQL error.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class FabuError(Exception):
    """A problem the user can fix, named by ``code`` and ``field``, explained in Chinese and English."""

    def __init__(self, code: StrEnum | str, message_zh: str, message_en: str, *, field: str | None = None) -> None:
        self.code = str(code)
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Chinese first, then English, as every user-facing message in Fabu."""
        return f"{self.message_zh} / {self.message_en}"


class FabuErrors(Exception):
    """Several problems found together, so the user can fix them all at once."""

    def __init__(self, errors: Iterable[FabuError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(error.message for error in self.errors))


class CommonErrorCode(StrEnum):
    """Error codes every domain may use."""

    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    DUPLICATE = "DUPLICATE"
    CONFLICT = "CONFLICT"


def not_found(what_zh: str, what_en: str, field: str | None = "id") -> FabuError:
    """The standard error for an object that does not exist, or that the viewer may not see."""
    return FabuError(CommonErrorCode.NOT_FOUND, f"{what_zh}不存在", f"{what_en} not found", field=field)


def forbidden(action_zh: str, action_en: str) -> FabuError:
    """The standard error for an action the viewer's roles do not allow."""
    return FabuError(CommonErrorCode.FORBIDDEN, f"无权{action_zh}", f"not allowed to {action_en}", field=None)
